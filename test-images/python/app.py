"""A small billing worker whose faults are chosen on the command line.

Each option injects one fault a known number of times, so a log it writes can be checked
against what was injected. Benign INFO lines mention words like "error" and "failed" on purpose.
"""
import argparse
import json
import logging
import sys
import time

log = logging.getLogger("billing")


class PaymentDeclined(Exception):
    """The card issuer refused a charge."""


def charge(invoice, amount, limit=100.0):
    if amount > limit:
        raise PaymentDeclined(f"card declined for invoice {invoice} (amount {amount:.2f})")
    return amount


def load_customer(record):
    return record["customer_id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=5, help="benign batches (INFO noise)")
    parser.add_argument("--declined", type=int, default=0, help="logged ERROR lines, one per declined invoice")
    parser.add_argument("--handled-tracebacks", type=int, default=0, help="log.exception calls with a traceback")
    parser.add_argument("--slow", type=int, default=0, help="WARNING lines for slow calls")
    parser.add_argument("--crash", action="store_true", help="end with an uncaught exception (exit 1)")
    parser.add_argument("--forever", action="store_true", help="keep logging benign lines afterwards")
    args = parser.parse_args()

    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    log.info("billing worker starting, config=%s", json.dumps({"retries": 3, "on_error": "skip"}))
    for batch in range(1, args.batches + 1):
        log.info("batch %d done: 40 invoices charged, errors=0, 0 failed", batch)
    log.info("error budget remaining: 100 percent; failed jobs last hour: 0")

    invoice = 1003
    for _ in range(args.declined):
        log.error("could not charge invoice %d: card declined by issuer", invoice)
        invoice += 7
    for n in range(args.handled_tracebacks):
        try:
            charge(2003 + 7 * n, 250.0 + n)
        except PaymentDeclined:
            log.exception("payment provider rejected invoice %d", 2003 + 7 * n)
    for n in range(args.slow):
        log.warning("slow call to tax service took %d ms (threshold 500 ms)", 700 + 37 * n)

    if args.crash:
        log.info("importing customer records")
        load_customer({"id": 17, "name": "ACME"})
    log.info("billing worker finished cleanly")
    while args.forever:
        time.sleep(5)
        log.info("idle, queue depth 0, errors=0")


if __name__ == "__main__":
    main()
