//! Open live streams: a cap per client, and a lifetime for each. A stream holds a connection and
//! a subscription for as long as the page is open, so without a cap one client could hold
//! thousands; the lifetime ends even a well-behaved stream now and then, and the browser's
//! EventSource reconnects with Last-Event-ID, missing nothing.

use super::client::ClientAddr;
use super::problem::Problem;
use axum::http::StatusCode;
use futures::{Stream, StreamExt};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The live streams each client has open.
pub struct StreamSlots {
    per_client: usize,
    /// How long one stream may stay open.
    pub lifetime: Duration,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open stream; the slot frees when the stream (holding it) is dropped.
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    client: IpAddr,
}

impl StreamSlots {
    pub fn new(per_client: usize, lifetime: Duration) -> Self {
        Self { per_client: per_client.max(1), lifetime, open: Mutex::new(HashMap::new()) }
    }

    /// A slot for one more stream of `client`, or a 429 problem when it has all it may.
    pub fn take(self: &Arc<Self>, ClientAddr(client): ClientAddr) -> Result<StreamSlot, Problem> {
        let mut open = self.open.lock().expect("stream slots lock");
        let count = open.entry(client).or_insert(0);
        if *count >= self.per_client {
            return Err(Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests",
                format!("this client already has {} live streams open: close one first", self.per_client),
            ));
        }
        *count += 1;
        Ok(StreamSlot { slots: self.clone(), client })
    }
}

/// `stream`, ended when the server shuts down or the stream's lifetime is over, holding `slot`
/// until it ends.
pub fn bounded<S: Stream>(stream: S, slot: StreamSlot, shutdown: CancellationToken) -> impl Stream<Item = S::Item> {
    let lifetime = slot.slots.lifetime;
    let end = async move {
        tokio::select! {
            _ = shutdown.cancelled_owned() => {}
            _ = tokio::time::sleep(lifetime) => {}
        }
    };
    stream.take_until(end).map(move |item| {
        let _held = &slot;
        item
    })
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().expect("stream slots lock");
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: ClientAddr = ClientAddr(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));
    const B: ClientAddr = ClientAddr(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2)));

    #[test]
    fn a_client_holds_at_most_its_streams_and_a_closed_one_frees_its_slot() {
        let slots = Arc::new(StreamSlots::new(2, Duration::from_secs(60)));
        let first = slots.take(A).unwrap();
        let _second = slots.take(A).unwrap();
        let refused = slots.take(A).err().expect("a third is refused");
        assert_eq!(serde_json::to_value(&refused).unwrap()["status"], 429);
        assert!(slots.take(B).is_ok(), "other clients are unaffected");
        drop(first);
        assert_eq!(slots.open.lock().unwrap().get(&A.0), Some(&1));
        assert!(slots.take(A).is_ok());
    }

    #[test]
    fn forgotten_when_none_is_open() {
        let slots = Arc::new(StreamSlots::new(1, Duration::from_secs(60)));
        drop(slots.take(A).unwrap());
        assert!(slots.open.lock().unwrap().is_empty());
    }
}
