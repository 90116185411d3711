//! The pass-through floor for `scripts/bench-book.sh`: reads mdBook's `[context, book]`
//! JSON from stdin into a `serde_json::Value` and writes the book back, doing nothing else. A
//! chart-free book through the real preprocessor should cost at most 1.1× this.
//!
//! ```sh
//! cargo build --release --example passthrough
//! target/release/examples/passthrough < book.json > /dev/null
//! ```

use std::io::{Read, Write};

fn main() {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("read stdin");
    let mut pair: Vec<serde_json::Value> = serde_json::from_str(&input).expect("[context, book]");
    let book = pair.pop().expect("book");
    let out = serde_json::to_string(&book).expect("serialise");
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).expect("write stdout");
    stdout.flush().expect("flush");
}
