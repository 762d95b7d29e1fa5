# A small settlement job in Elixir whose faults are chosen on the command line.
#
# Each option injects one fault a known number of times, so a log it writes can be checked against
# what was injected. Benign lines mention words like "error" and "failed" on purpose.
require Logger

defmodule Settle do
  def fee(amount, rate), do: amount * rate

  def close_day(%{payments: p, total: t}), do: {p, t}
end

{opts, _, _} = OptionParser.parse(System.argv(), strict: [batches: :integer, tasks: :integer, crash: :boolean])
Logger.info("settlement job starting: retries=3, errors=0")
for b <- 1..Keyword.get(opts, :batches, 5), do: Logger.info("batch #{b} settled: 25 payments, errors=0, 0 failed")

# Each task crashes on its own; the logger reports it and the job goes on.
for n <- 1..Keyword.get(opts, :tasks, 0)//1 do
  {:ok, pid} = Task.start(fn -> Settle.fee(n, String.to_atom("rate_#{n}")) end)
  ref = Process.monitor(pid)
  receive do
    {:DOWN, ^ref, :process, _, _} -> :ok
  end
  Process.sleep(200)
end

Logger.info("settlement job idle; errors=0")
if Keyword.get(opts, :crash, false) do
  Logger.info("closing the day")
  Settle.close_day(%{payments: 25, currency: "EUR"})
end
