//! One read of a share link's view for all the share pages woken by the same change: a
//! journey watched on a thousand share pages costs one read per update, not a thousand.

use app::domain::share::ShareSlug;
use app::ports::SharedView;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// Reads older than this are forgotten when a new one starts; a watcher only ever joins a
/// read that started after it woke, so this bounds memory, not freshness.
const KEEP: Duration = Duration::from_secs(5);

/// A read that started at the instant, done or in flight; `None` inside: it failed.
type Read = (Instant, Arc<OnceCell<Option<SharedView>>>);

#[derive(Default)]
pub struct SharedViewReads {
    reads: Mutex<HashMap<ShareSlug, Read>>,
}

impl SharedViewReads {
    /// The view of `slug` as read no earlier than `since` (when the caller learnt that it
    /// changed): joins such a read, done or in flight, or starts one with `read`.
    pub async fn read<F, Fut>(&self, slug: &ShareSlug, since: Instant, read: F) -> Option<SharedView>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Option<SharedView>>,
    {
        let cell = {
            let mut reads = self.reads.lock().expect("share view reads lock");
            match reads.get(slug) {
                Some((started, cell)) if *started >= since => cell.clone(),
                _ => {
                    let now = Instant::now();
                    reads.retain(|_, (started, _)| now.saturating_duration_since(*started) < KEEP);
                    let cell = Arc::new(OnceCell::new());
                    reads.insert(slug.clone(), (now, cell.clone()));
                    cell
                }
            }
        };
        cell.get_or_init(read).await.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn slug() -> ShareSlug {
        ShareSlug::parse("k3v9q2m7x4k3v9q2m7x4ab").unwrap()
    }

    #[tokio::test]
    async fn watchers_woken_by_one_change_share_one_read() {
        let reads = SharedViewReads::default();
        let count = AtomicUsize::new(0);
        let woke = Instant::now();
        let read = || async {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Some(SharedView::Gone)
        };
        let slug = slug();
        let views = futures::future::join_all((0..100).map(|_| reads.read(&slug, woke, read))).await;
        assert!(views.iter().all(|v| v == &Some(SharedView::Gone)));
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_watcher_woken_after_a_read_started_gets_a_new_one() {
        let reads = SharedViewReads::default();
        let count = AtomicUsize::new(0);
        let read = || async {
            count.fetch_add(1, Ordering::SeqCst);
            Some(SharedView::NotFound)
        };
        reads.read(&slug(), Instant::now(), read).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
        reads.read(&slug(), Instant::now(), read).await;
        assert_eq!(count.load(Ordering::SeqCst), 2, "the first read may predate the change");
    }
}
