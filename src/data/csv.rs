//! CSV data files, read with the `csv` crate as a stream (the file is never held whole): a
//! header line, then one row per record (quoted fields, doubled quotes, CRLF, LF or CR line
//! ends; blank lines skipped). A record's place is the line it starts on. Fields are parsed
//! straight from the reader's `ByteRecord`: no `String` per field.

use std::collections::VecDeque;
use std::io::Read;

use super::table::{Cell, Table};

/// Rows read before the table reserves room for the rest of the file.
const SAMPLE_ROWS: usize = 256;

/// Reads a CSV data file with `delimiter` between fields from `input`, which is about `size`
/// bytes long (a hint).
pub(super) fn read(input: impl Read, delimiter: u8, size: u64) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(Lines::new(input, delimiter));
    let mut record = csv::ByteRecord::new();
    let next = |reader: &mut csv::Reader<Lines<_>>, record: &mut csv::ByteRecord| {
        let more = reader
            .read_byte_record(record)
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Io(e) => e.to_string(),
                _ => format!("not valid CSV: {e}"),
            })?;
        let line = match record.position() {
            Some(p) if more => reader.get_mut().line_of(p.byte()),
            _ => 0,
        };
        Ok::<_, String>(more.then_some(line))
    };
    if next(&mut reader, &mut record)?.is_none() {
        reader.get_ref().unclosed()?;
        return Err("the file is empty; expected a header line".into());
    }
    let header = record
        .iter()
        .map(|h| text(h, 1).map(|h| h.trim().to_string()))
        .collect::<Result<_, _>>()?;
    let mut table = Table::new(header, false);
    let mut first_row_at = None;
    while let Some(line) = next(&mut reader, &mut record)? {
        let at = record.position().map_or(0, |p| p.byte());
        let first = *first_row_at.get_or_insert(at);
        if table.rows() == SAMPLE_ROWS && at > first {
            let per_row = (at - first) / SAMPLE_ROWS as u64;
            let rows = size.saturating_sub(first) / per_row.max(1);
            // A little more than the estimate: rows vary in length.
            table.reserve(usize::try_from(rows + rows / 16).unwrap_or(usize::MAX));
        }
        // A line holding nothing but white space is no row.
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue;
        }
        if table.stop_if_full() {
            return Ok(table);
        }
        let mut bad = None;
        table.push_row(
            line,
            record.iter().map(|field| {
                text(field, line).map(Cell::parse).unwrap_or_else(|e| {
                    bad.get_or_insert(e);
                    Cell::Empty
                })
            }),
        );
        if let Some(e) = bad {
            return Err(e);
        }
    }
    reader.get_ref().unclosed()?;
    Ok(table)
}

/// A field as text; `Err` (at `line`) when it is not UTF-8.
fn text(field: &[u8], line: usize) -> Result<&str, String> {
    std::str::from_utf8(field).map_err(|_| format!("line {line}: is not UTF-8 text"))
}

/// The file's bytes as the `csv` reader sees them: a leading byte-order mark dropped, every
/// line end (CRLF, LF, CR alone) made one LF, so that lines can be counted from the newlines
/// it passes; and where each newline is, until the record after it asks for its line. It also
/// follows quotes, to say where a quoted field that is never closed begins (the `csv` crate
/// would read the rest of the file into it).
struct Lines<R> {
    input: R,
    delimiter: u8,
    /// Bytes handed to the reader so far.
    offset: u64,
    /// Where the newlines not yet passed by a record are (offsets in the bytes handed out).
    newlines: VecDeque<u64>,
    /// Newlines passed by the records read so far.
    passed: usize,
    /// Newlines handed out so far (for the line of an opening quote).
    counted: usize,
    /// The last byte handed out.
    last: Option<u8>,
    /// The start of the file was looked at (for a byte-order mark).
    started: bool,
    /// The last byte read was a CR (a LF right after it belongs to the same line end).
    after_cr: bool,
    quote: Quote,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Quote {
    /// Not in a quoted field.
    Outside,
    /// In a quoted field that opened on this line.
    Inside(usize),
    /// A quote in a quoted field was the last byte handed out: it closes the field unless the
    /// next byte is a quote too (a doubled quote).
    Closing(usize),
}

impl<R: Read> Lines<R> {
    fn new(input: R, delimiter: u8) -> Self {
        Lines {
            input,
            delimiter,
            offset: 0,
            newlines: VecDeque::new(),
            passed: 0,
            counted: 0,
            last: None,
            started: false,
            after_cr: false,
            quote: Quote::Outside,
        }
    }

    /// The line of the record the reader placed at `byte` (its first byte, or the blank lines
    /// before it).
    fn line_of(&mut self, byte: u64) -> usize {
        while self.newlines.front().is_some_and(|&p| p < byte) {
            self.newlines.pop_front();
            self.passed += 1;
        }
        // Blank lines the reader skipped before the record.
        let mut at = byte;
        while self.newlines.front() == Some(&at) {
            self.newlines.pop_front();
            self.passed += 1;
            at += 1;
        }
        self.passed + 1
    }

    /// `Err` when the file ended inside a quoted field.
    fn unclosed(&self) -> Result<(), String> {
        match self.quote {
            Quote::Inside(line) => Err(format!("line {line}: a quoted field is not closed")),
            _ => Ok(()),
        }
    }

    /// Follows quotes through `chunk` (handed out after `self.counted` newlines).
    fn follow_quotes(&mut self, chunk: &[u8]) {
        let mut i = 0;
        if let Quote::Closing(line) = self.quote {
            if chunk.first() == Some(&b'"') {
                self.quote = Quote::Inside(line);
                i = 1;
            } else {
                self.quote = Quote::Outside;
            }
        }
        // Newlines counted up to `upto` (for the line of an opening quote).
        let (mut upto, mut lines) = (0, self.counted);
        while let Some(found) = memchr::memchr(b'"', &chunk[i..]) {
            let q = i + found;
            i = q + 1;
            match self.quote {
                Quote::Outside => {
                    let before = q.checked_sub(1).map(|p| chunk[p]).or(self.last);
                    if before.is_none_or(|b| b == b'\n' || b == self.delimiter) {
                        lines += memchr::memchr_iter(b'\n', &chunk[upto..q]).count();
                        upto = q;
                        self.quote = Quote::Inside(lines + 1);
                    }
                }
                Quote::Inside(line) => match chunk.get(q + 1) {
                    Some(b'"') => i = q + 2,
                    Some(_) => self.quote = Quote::Outside,
                    None => self.quote = Quote::Closing(line),
                },
                Quote::Closing(_) => unreachable!("resolved at the start of a chunk"),
            }
        }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.input.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut start = 0;
            if !self.started && buf[..n].starts_with(b"\xef\xbb\xbf") {
                start = 3;
            }
            self.started = true;
            // Line ends to LF, in place (the output is never longer than the input).
            let mut w = 0;
            if self.after_cr || memchr::memchr(b'\r', &buf[start..n]).is_some() {
                for r in start..n {
                    let b = buf[r];
                    if b == b'\n' && self.after_cr {
                        self.after_cr = false;
                        continue;
                    }
                    self.after_cr = b == b'\r';
                    buf[w] = if b == b'\r' { b'\n' } else { b };
                    w += 1;
                }
            } else {
                if start > 0 {
                    buf.copy_within(start..n, 0);
                }
                w = n - start;
            }
            if w == 0 {
                continue;
            }
            let chunk = &buf[..w];
            self.follow_quotes(chunk);
            let before = self.newlines.len();
            let offset = self.offset;
            self.newlines
                .extend(memchr::memchr_iter(b'\n', chunk).map(|p| offset + p as u64));
            self.counted += self.newlines.len() - before;
            self.offset += w as u64;
            self.last = chunk.last().copied();
            return Ok(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::columns::{Column, DataTable};
    use crate::data::table::named;

    fn read(text: &str, delimiter: u8) -> Result<Table, String> {
        super::read(text.as_bytes(), delimiter, text.len() as u64)
    }

    /// A reader that hands out at most `size` bytes at a time (line ends and quotes split
    /// across reads).
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn quotes_line_ends_and_blank_lines() {
        let t = named(read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n3,4", b',').unwrap());
        assert_eq!(
            t.cells("a").unwrap(),
            Column::Texts(vec!["x, y".into(), "3".into()])
        );
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:2, column \"b\": expected a number, found \"say \"hi\"\""
        );
        assert_eq!(t.table.rows(), 2);
    }

    #[test]
    fn records_are_placed_at_their_first_line() {
        let t = named(read("a,b\n\"multi\nline\",1\nx,oops\n", b',').unwrap());
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:4, column \"b\": expected a number, found \"oops\""
        );
        let text = "a,b\r\n1,2\r\n\r\n\r\n3,4\r\n\"x\r\ny\",5\r\n \r\n6,z\r\n";
        for size in [1, 2, 3, 5, 64 * 1024] {
            let t = named(super::read(Trickle(text.as_bytes(), size), b',', 0).unwrap());
            assert_eq!(
                t.numbers("b").unwrap_err(),
                "t.csv:9, column \"b\": expected a number, found \"z\"",
                "reads of {size} bytes"
            );
            assert_eq!(t.place("a", 1), "t.csv:5, column \"a\"");
            assert_eq!(t.place("a", 2), "t.csv:6, column \"a\"");
        }
    }

    #[test]
    fn unclosed_quotes_and_empty_files_are_errors() {
        assert_eq!(
            read("a\n\"open", b',').unwrap_err(),
            "line 2: a quoted field is not closed"
        );
        assert_eq!(
            read("a,b\n1,x\"y\n2,\"z\"\"\n\n", b',').unwrap_err(),
            "line 3: a quoted field is not closed"
        );
        for size in [1, 2, 3] {
            let text = b"a,b\n1,\"x\"\"\"\n2,\"\"\n";
            assert!(super::read(Trickle(text, size), b',', 0).is_ok(), "{size}");
            let text = b"a;b\n1;\"x\"\"\n";
            assert_eq!(
                super::read(Trickle(text, size), b';', 0).unwrap_err(),
                "line 2: a quoted field is not closed"
            );
        }
        assert!(read("", b',').unwrap_err().contains("empty"));
        assert!(read("a,b\n1,\"x\"\"y\"\n", b',').is_ok());
    }

    #[test]
    fn carriage_returns_alone_end_lines_too() {
        let t = named(read("a,b\r1,2\r3,x\r", b',').unwrap());
        assert_eq!(t.numbers("a").unwrap(), vec![1.0, 3.0]);
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:3, column \"b\": expected a number, found \"x\""
        );
    }

    #[test]
    fn a_bom_and_other_delimiters() {
        let t = named(read("\u{feff}a;b\n1;2\n", b';').unwrap());
        assert_eq!(t.numbers("b").unwrap(), vec![2.0]);
        let t = named(read("a\tb\n1\t2\n", b'\t').unwrap());
        assert_eq!(t.numbers("a").unwrap(), vec![1.0]);
        let t = named(read("a|b\n1|\"2|3\"\n", b'|').unwrap());
        assert_eq!(t.cells("b").unwrap(), Column::Texts(vec!["2|3".into()]));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let e = super::read(&b"a,b\n1,2\n3,\xff\n"[..], b',', 0).unwrap_err();
        assert_eq!(e, "line 3: is not UTF-8 text");
    }

    #[test]
    fn reading_stops_past_the_rows_limit() {
        let max = crate::chart::limits::MAX_FILE_ROWS;
        let mut text = String::from("v\n");
        for _ in 0..max + 5 {
            text.push_str("1\n");
        }
        let t = named(read(&text, b',').unwrap());
        assert_eq!(t.table.rows(), 0);
        assert_eq!(
            t.numbers("v").unwrap_err(),
            format!(
                "t.csv has more than {max} rows; a series from a data file holds at most {max} points"
            )
        );
        text.truncate(2 + 2 * max);
        let t = named(read(&text, b',').unwrap());
        assert_eq!(t.numbers("v").unwrap().len(), max);
    }
}
