//! A small inventory worker whose faults are chosen on the command line.
//!
//! Each option injects one fault a known number of times, so a log it writes can be checked against
//! what was injected. Benign lines mention words like "error" and "failed" on purpose. Written for
//! Rust 2018 without crates, so that Debian's rustc 1.63 builds it as well as a current toolchain.
use std::collections::HashMap;
use std::env;
use std::process;
use std::time::{SystemTime, UNIX_EPOCH};

fn log(level: &str, msg: &str) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let secs = now.as_secs();
    // Civil date from days since 1970 (Howard Hinnant's algorithm): no crates needed.
    let z = (secs / 86400) as i64 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    let t = secs % 86400;
    // The shape of env_logger's default line, on its default stream: [TIMESTAMP LEVEL target] message.
    eprintln!("[{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z {:<5} inventory] {}", year, month, day,
        t / 3600, t % 3600 / 60, t % 60, level, msg);
}

fn reserve(stock: &HashMap<&str, u32>, sku: &str) -> u32 {
    // The injected bug: a SKU that is not stocked is unwrapped.
    *stock.get(sku).unwrap()
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let mut batches = 5;
    let mut shortages = 0;
    let mut panic = String::new();
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--batches" => { i += 1; batches = args[i].parse().unwrap_or(5); }
            "--shortages" => { i += 1; shortages = args[i].parse().unwrap_or(0); }
            "--panic" => { i += 1; panic = args[i].clone(); }
            other => { eprintln!("unknown option {}", other); process::exit(64); }
        }
        i += 1;
    }
    let mut stock = HashMap::new();
    stock.insert("sku-100", 12);
    stock.insert("sku-200", 3);
    log("INFO", "inventory worker starting: retries=3, errors=0");
    for b in 1..=batches {
        log("INFO", &format!("batch {} reconciled: 48 items, errors=0, 0 failed", b));
    }
    for n in 0..shortages {
        log("WARN", &format!("stock for sku-200 below reorder point: {} left", 3 - n.min(3)));
    }
    log("INFO", "inventory worker idle; errors=0");
    match panic.as_str() {
        "unwrap" => {
            log("INFO", "reserving order lines");
            let _ = reserve(&stock, "sku-100");
            let _ = reserve(&stock, "sku-999");
        }
        "index" => {
            let bins = vec![1, 2, 3];
            let slot = bins.len() + 2;
            log("INFO", "assigning bins");
            println!("{}", bins[slot]);
        }
        _ => {}
    }
}
