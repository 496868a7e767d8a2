//! The size and SHA-256 of an input as it is read, for the ledger's record
//! of a run: the bytes are hashed on their way to the parser, so that no
//! input (standard input least of all) is read a second time for it.

use std::io::Read;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

/// An input's size in bytes and its SHA-256 (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDigest {
    /// The number of bytes read.
    pub size: u64,
    /// The SHA-256 of those bytes, as 64 lower-case hex digits.
    pub sha256: String,
}

/// Collects the digest while a [`Hashing`] reader is read; read it with
/// [`DigestHandle::finish`] once the input is read to its end.
#[derive(Debug, Clone, Default)]
pub struct DigestHandle(Arc<Mutex<(Sha256, u64)>>);

impl DigestHandle {
    /// The digest of every byte read so far.
    pub fn finish(&self) -> InputDigest {
        let (hasher, size) = match self.0.lock() {
            Ok(state) => state.clone(),
            // A reader that panicked mid-update: the batch fails anyway.
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        InputDigest {
            size,
            sha256: format!("{:x}", hasher.finalize()),
        }
    }

    fn update(&self, bytes: &[u8]) {
        let mut state = match self.0.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        state.0.update(bytes);
        state.1 += bytes.len() as u64;
    }

    /// Hashes the whole of `reader` (a spreadsheet, which its library reads
    /// by itself).
    pub fn hash_all(&self, mut reader: impl Read) -> std::io::Result<()> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            self.update(buf.get(..n).unwrap_or_default());
        }
    }
}

/// A reader that hashes what passes through it.
pub struct Hashing<R> {
    inner: R,
    digest: DigestHandle,
}

impl<R> Hashing<R> {
    /// Reads through `inner`, adding every byte read to `digest`.
    pub fn new(inner: R, digest: DigestHandle) -> Hashing<R> {
        Hashing { inner, digest }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.digest.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_that_of_every_byte_read() {
        let handle = DigestHandle::default();
        let mut reader = Hashing::new(std::io::Cursor::new(b"abc".to_vec()), handle.clone());
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        let digest = handle.finish();
        assert_eq!(digest.size, 3);
        assert_eq!(
            digest.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let whole = DigestHandle::default();
        whole.hash_all(std::io::Cursor::new(b"abc".to_vec())).unwrap();
        assert_eq!(whole.finish(), digest);
    }
}
