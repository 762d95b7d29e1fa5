#!/usr/bin/env escript
%% A small settlement job whose faults are chosen on the command line.
%%
%% Each option injects one fault a known number of times, so a log it writes can be checked against
%% what was injected. Benign lines mention words like "error" and "failed" on purpose.
-mode(compile).

main(Args) ->
    Opts = parse(Args, #{batches => 5, workers => 0, crash => false}),
    info("settlement job starting: retries=3, errors=0"),
    [info(io_lib:format("batch ~B settled: 25 payments, errors=0, 0 failed", [B]))
     || B <- lists:seq(1, maps:get(batches, Opts))],
    %% Each worker is an unlinked process that crashes: the runtime reports it and the job goes on.
    [crash_worker(N) || N <- lists:seq(1, maps:get(workers, Opts))],
    info("settlement job idle; errors=0"),
    case maps:get(crash, Opts) of
        true ->
            info("closing the day"),
            close_day(#{payments => 25, currency => <<"EUR">>});
        false ->
            ok
    end.

parse(["--batches", N | Rest], Opts) -> parse(Rest, Opts#{batches := list_to_integer(N)});
parse(["--workers", N | Rest], Opts) -> parse(Rest, Opts#{workers := list_to_integer(N)});
parse(["--crash" | Rest], Opts) -> parse(Rest, Opts#{crash := true});
parse([], Opts) -> Opts.

info(Msg) ->
    io:format("~s INFO ~s~n", [calendar:system_time_to_rfc3339(erlang:system_time(second)), Msg]).

crash_worker(N) ->
    Ref = make_ref(),
    Parent = self(),
    {Pid, Mon} = spawn_monitor(fun() -> Parent ! {Ref, fee(N, undefined)} end),
    receive {'DOWN', Mon, process, Pid, _} -> ok end,
    %% Let the logger print the report before the next line.
    timer:sleep(200).

fee(Amount, Rate) -> Amount * Rate.

close_day(#{payments := P, total := T}) -> {P, T}.
