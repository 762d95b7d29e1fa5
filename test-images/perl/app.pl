#!/usr/bin/perl
# A small report job whose faults are chosen on the command line.
#
# Each option injects one fault a known number of times, so a log it writes can be checked against
# what was injected. Benign lines mention words like "error" and "failed" on purpose.
use strict;
use warnings;
use Carp qw(confess);
use Getopt::Long;
use POSIX qw(strftime);

my ($batches, $warnings, $die) = (5, 0, '');
GetOptions('batches=i' => \$batches, 'warnings=i' => \$warnings, 'die=s' => \$die)
    or die "usage: app.pl [--batches N] [--warnings N] [--die plain|confess]\n";
$| = 1;

# On STDERR, where warn and die write: one stream keeps their order.
sub say_log { my ($level, $msg) = @_; print STDERR strftime('%Y-%m-%d %H:%M:%S', gmtime), " $level $msg\n"; }

sub totals {
    my ($rows) = @_;
    my $sum = 0;
    $sum += $_->{amount} for @$rows;
    die "report totals do not balance: expected 120, got $sum" if $sum != 120;
    return $sum;
}

sub render { my ($rows) = @_; confess "template 'monthly' missing column 'region'" unless exists $rows->[0]{region}; }

say_log('INFO', 'report job starting: errors=0, 0 failed');
for my $b (1 .. $batches) { say_log('INFO', "batch $b rendered: 30 rows, errors=0"); }
# Perl's own warning (use warnings) ends like a die message, "at FILE line N.", but the job goes on.
for my $n (1 .. $warnings) { my %row = (id => $n); my $label = "row $n region " . $row{region}; }
say_log('INFO', 'report job idle; errors=0');

if ($die eq 'plain') {
    say_log('INFO', 'summing report totals');
    totals([{ amount => 70 }, { amount => 30 }]);
} elsif ($die eq 'confess') {
    say_log('INFO', 'rendering monthly template');
    render([{ amount => 10 }]);
}
