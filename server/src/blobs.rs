//! Evidence files live outside the database, behind `BlobStore`; the default
//! keeps them in a directory under the data directory. Keys are random UUIDs,
//! never derived from names, so nothing is guessable or traversable.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

#[async_trait]
pub trait BlobStore: Send + Sync + 'static {
    async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()>;
    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>>;
    async fn delete(&self, key: &str) -> std::io::Result<()>;
    /// Keys written more than `age` ago (candidates for the orphan sweep).
    async fn older_than(&self, age: Duration) -> std::io::Result<Vec<String>>;
}

/// Files in one directory, one file per key.
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    pub fn new(root: PathBuf) -> std::io::Result<FsBlobStore> {
        std::fs::create_dir_all(&root)?;
        Ok(FsBlobStore { root })
    }

    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        // Keys are ours (UUIDs, optionally with a suffix); refuse anything else.
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            || key.starts_with('.')
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bad blob key",
            ));
        }
        Ok(self.root.join(key))
    }
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(key)?;
        // Write then rename, so a crash never leaves a half-written file under a real key.
        let tmp = self.root.join(format!(".{key}.partial"));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    async fn older_than(&self, age: Duration) -> std::io::Result<Vec<String>> {
        let cutoff = SystemTime::now()
            .checked_sub(age)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut keys = Vec::new();
        let mut dir = tokio::fs::read_dir(&self.root).await?;
        while let Some(entry) = dir.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified = entry.metadata().await?.modified()?;
            if modified < cutoff && !name.starts_with('.') {
                keys.push(name);
            }
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_reads_and_deletes_and_refuses_path_tricks() {
        let dir = std::env::temp_dir().join(format!("blobs-{}", uuid::Uuid::now_v7()));
        let store = FsBlobStore::new(dir.clone()).unwrap();
        store.put("abc-1", b"hello").await.unwrap();
        assert_eq!(
            store.get("abc-1").await.unwrap().as_deref(),
            Some(&b"hello"[..])
        );
        assert!(store
            .older_than(Duration::from_secs(3600))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            store.older_than(Duration::ZERO).await.unwrap(),
            vec!["abc-1".to_owned()]
        );
        store.delete("abc-1").await.unwrap();
        assert_eq!(store.get("abc-1").await.unwrap(), None);
        assert!(store.put("../escape", b"x").await.is_err());
        assert!(store.get("a/b").await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
