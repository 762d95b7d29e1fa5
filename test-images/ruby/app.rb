# A small ledger worker whose faults are chosen on the command line.
#
# Each option injects one fault a known number of times, so a log it writes can be checked against
# what was injected. Benign INFO lines mention words like "error" and "failed" on purpose.
require 'logger'
require 'optparse'

options = { batches: 5, rejected: 0, crash: nil }
OptionParser.new do |o|
  o.on('--batches N', Integer, 'benign batches (INFO noise)') { |n| options[:batches] = n }
  o.on('--rejected N', Integer, 'logged ERROR lines, one per rejected transfer') { |n| options[:rejected] = n }
  o.on('--crash KIND', %w[plain cause], 'end with an uncaught exception: plain or with a cause') { |k| options[:crash] = k }
end.parse!

# On stderr, where Ruby also reports an uncaught exception: one stream keeps their order.
$stderr.sync = true
log = Logger.new($stderr, progname: 'ledger')
log.level = Logger::INFO

class Ledger
  def initialize(path)
    @path = path
  end

  def load
    File.read(@path)
  rescue SystemCallError
    raise "cannot start: ledger configuration unreadable"
  end

  def balance(entries)
    entries.map { |e| e.fetch(:amount) }.sum
  end
end

log.info('ledger worker starting: retries=3, errors=0, failover disabled')
(1..options[:batches]).each do |batch|
  log.info("batch #{batch} posted: 64 entries, errors=0, 0 failed")
end
transfer = 5001
options[:rejected].times do
  log.error("transfer #{transfer} rejected: account frozen")
  transfer += 11
end
log.info('ledger idle; errors=0')

case options[:crash]
when 'plain'
  log.info('reconciling accounts')
  Ledger.new('/etc/ledger.yml').balance([{ amount: 10 }, { amount: 5, currency: 'EUR' }, { currency: 'USD' }])
when 'cause'
  log.info('reloading configuration')
  Ledger.new('/etc/ledger/ledger.yml').load
end
