//! Reading a file the author points at: only a regular file (a FIFO or a device would block or
//! never end), through a reader that stops at a limit (a file that grows while it is read cannot
//! balloon), as UTF-8 text. Errors are short phrases for the caller to put after the file's name.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not there, not readable, or not UTF-8: the phrase says which.
    Unreadable(String),
    /// Not a regular file.
    NotAFile,
    /// Larger than the limit (bytes).
    TooLarge(u64),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Unreadable(why) => f.write_str(why),
            Refused::NotAFile => f.write_str("is not a regular file"),
            Refused::TooLarge(max) => write!(f, "is larger than {}", size(*max)),
        }
    }
}

/// `bytes` in KiB or MiB, as the README's limits write them.
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / 1024 / 1024)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// The text of the regular file `path`, of at most `max` bytes.
pub(crate) fn read(path: &Path, max: u64) -> Result<String, Refused> {
    let (file, len) = open_file(path, max)?;
    read_from(file, max, len as usize)
}

/// The regular file `path` of at most `max` bytes, open, and its length.
fn open_file(path: &Path, max: u64) -> Result<(std::fs::File, u64), Refused> {
    // `stat` first: opening a FIFO for reading would block until something writes to it.
    let meta =
        std::fs::metadata(path).map_err(|e| Refused::Unreadable(format!("cannot open: {e}")))?;
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > max {
        return Err(Refused::TooLarge(max));
    }
    let file =
        std::fs::File::open(path).map_err(|e| Refused::Unreadable(format!("cannot open: {e}")))?;
    Ok((file, meta.len()))
}

/// The regular file `path` of at most `max` bytes, to be read as a stream (its bytes, not
/// checked as UTF-8), and its length when it was opened. A read past `max` bytes (a file that
/// grew) is an error that says so.
pub(crate) fn open(path: &Path, max: u64) -> Result<(Bounded<std::fs::File>, u64), Refused> {
    let (file, len) = open_file(path, max)?;
    Ok((
        Bounded {
            inner: file,
            left: max,
            max,
        },
        len,
    ))
}

/// A reader that fails rather than hand out more than `max` bytes.
pub(crate) struct Bounded<R> {
    inner: R,
    left: u64,
    max: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte more than is left, to notice a file longer than the limit.
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(
                Refused::TooLarge(self.max).to_string(),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// The text from `reader` (a file or stdin), of at most `max` bytes.
pub(crate) fn read_from(reader: impl Read, max: u64, expected: usize) -> Result<String, Refused> {
    let mut bytes = Vec::with_capacity(expected.min(max as usize));
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refused::Unreadable(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(max));
    }
    String::from_utf8(bytes).map_err(|e| {
        Refused::Unreadable(format!(
            "is not UTF-8 text (byte {} is not valid UTF-8)",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "hello").unwrap();
        assert_eq!(read(&f, 5).unwrap(), "hello");
        assert_eq!(read(&f, 4), Err(Refused::TooLarge(4)));
        assert_eq!(read(dir.path(), 4), Err(Refused::NotAFile));
        assert_eq!(read_from(&b"toolong"[..], 3, 0), Err(Refused::TooLarge(3)));
        assert_eq!(read_from(&b"ok"[..], 3, 0).unwrap(), "ok");
        assert!(matches!(
            read(&dir.path().join("none"), 9),
            Err(Refused::Unreadable(_))
        ));
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size(512 * 1024), "512 KiB");
    }

    #[test]
    fn streams_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "hello").unwrap();
        let mut text = String::new();
        let (mut stream, len) = open(&f, 5).unwrap();
        stream.read_to_string(&mut text).unwrap();
        assert_eq!(len, 5);
        assert_eq!(text, "hello");
        assert!(matches!(open(&f, 4), Err(Refused::TooLarge(4))));
        assert!(matches!(open(dir.path(), 4), Err(Refused::NotAFile)));
        let mut grown = Bounded {
            inner: &b"hello"[..],
            left: 4,
            max: 4,
        };
        let e = grown.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(e.to_string(), Refused::TooLarge(4).to_string());
    }

    #[test]
    fn a_device_is_refused_without_reading_it() {
        let zero = Path::new("/dev/zero");
        if zero.exists() {
            assert_eq!(read(zero, 1024), Err(Refused::NotAFile));
        }
    }
}
