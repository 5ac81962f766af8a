//! Secrets at rest: staff members' authenticator secrets are sealed with a key
//! that lives outside the database (XChaCha20-Poly1305), so that a copy of the
//! database or a backup alone cannot mint second-factor codes.
//!
//! The key comes from `LIMITDESK_SECRET_KEY` (the same on every app server) or,
//! for the embedded default, from a file generated into the data directory.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Marks a sealed value; anything without it is plain text from before sealing.
const PREFIX: &str = "v1:";
const NONCE_BYTES: usize = 24;

/// The key that seals secrets at rest: 32 random bytes.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "LIMITDESK_SECRET_KEY must be 32 bytes in base64 (make one with `limitdesk secret-key`)"
    )]
    BadKey,
    #[error("a sealed secret does not open with this key: is LIMITDESK_SECRET_KEY the one it was sealed with?")]
    WrongKey,
    #[error("reading or writing the key file: {0}")]
    File(#[from] std::io::Error),
}

impl SecretKey {
    pub fn generate() -> SecretKey {
        SecretKey(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    /// From its text form: 32 bytes in standard base64.
    pub fn parse(text: &str) -> Result<SecretKey, SecretError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SecretError::BadKey)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map(SecretKey)
            .map_err(|_| SecretError::BadKey)
    }

    pub fn to_text(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// The key in `path`, or a new one written there (readable by its owner
    /// only) when the file does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<SecretKey, SecretError> {
        match std::fs::read_to_string(path) {
            Ok(text) => return SecretKey::parse(&text),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            Err(_) => {}
        }
        let key = SecretKey::generate();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, key.to_text().as_bytes())?;
                Ok(key)
            }
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                SecretKey::parse(&std::fs::read_to_string(path)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// `plain` sealed for `owner` (the account id): a sealed value copied onto
    /// another account's row does not open there.
    pub fn seal(&self, plain: &str, owner: &[u8]) -> String {
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: owner,
        };
        // Encryption with a valid key and nonce cannot fail for inputs this small.
        let sealed = cipher.encrypt(&nonce, payload).unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(bytes))
    }

    pub fn open(&self, sealed: &str, owner: &[u8]) -> Result<String, SecretError> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|bytes| bytes.len() > NONCE_BYTES)
            .ok_or(SecretError::WrongKey)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner,
                },
            )
            .map_err(|_| SecretError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| SecretError::WrongKey)
    }
}

/// True for a value `seal` wrote; false for plain text from before sealing.
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_and_owner_only() {
        let key = SecretKey::generate();
        let sealed = key.seal("JBSWY3DPEHPK3PXP", b"owner-1");
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open(&sealed, b"owner-1").unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(key.open(&sealed, b"owner-2").is_err());
        assert!(SecretKey::generate().open(&sealed, b"owner-1").is_err());
        // Two seals of the same secret differ (a fresh nonce each time).
        assert_ne!(sealed, key.seal("JBSWY3DPEHPK3PXP", b"owner-1"));
    }

    #[test]
    fn a_key_survives_its_text_form_and_its_file() {
        let key = SecretKey::generate();
        let again = SecretKey::parse(&key.to_text()).unwrap();
        let sealed = key.seal("x", b"o");
        assert_eq!(again.open(&sealed, b"o").unwrap(), "x");
        assert!(SecretKey::parse("too short").is_err());

        let path = std::env::temp_dir().join(format!("limitdesk-key-{}", uuid::Uuid::now_v7()));
        let first = SecretKey::load_or_create(&path).unwrap();
        let second = SecretKey::load_or_create(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(first.to_text(), second.to_text());
    }
}
