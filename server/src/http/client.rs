//! Who is asking: the TCP peer, or, when the peer is a proxy this deployment trusts, the
//! address that proxy says it forwarded for. Rate limits and the lookup's enumeration defence
//! count per [`ClientAddr`]; behind a reverse proxy they would otherwise count everyone as one.

use super::problem::Problem;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The proxies whose `Forwarded` / `X-Forwarded-For` headers are believed: addresses or
/// networks, written `10.0.0.0/8, 127.0.0.1`. Empty (the default): the peer is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }
}

impl TryFrom<String> for TrustedProxies {
    type Error = String;

    fn try_from(list: String) -> Result<Self, Self::Error> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("server.trusted_proxies: {entry:?} is not an IP address or network"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

/// The address a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The client behind `peer`: the peer itself unless it is trusted; then, walking the forwarded
/// chain from the nearest hop back, the first address that is not a trusted proxy. A chain that
/// cannot be read counts as the peer, so a garbled header never merges or splits clients.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    if !trusted.trusts(peer) {
        return peer;
    }
    let Some(chain) = forwarded_chain(headers) else { return peer };
    let mut client = peer;
    for hop in chain.into_iter().rev() {
        client = hop;
        if !trusted.trusts(hop) {
            break;
        }
    }
    client
}

/// The `for=` addresses of `Forwarded` (RFC 7239), else those of `X-Forwarded-For`, nearest
/// client first as sent; `None` if absent or any entry is not an address.
fn forwarded_chain(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let values = |name: &str| -> Option<String> {
        let joined = headers.get_all(name).iter().map(|v| v.to_str().ok()).collect::<Option<Vec<_>>>()?.join(",");
        (!joined.trim().is_empty()).then_some(joined)
    };
    if let Some(forwarded) = values("forwarded") {
        let mut chain = Vec::new();
        for element in forwarded.split(',') {
            let node = element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.eq_ignore_ascii_case("for").then(|| value.trim().trim_matches('"'))
            })?;
            chain.push(parse_node(node)?);
        }
        return Some(chain);
    }
    let listed = values("x-forwarded-for")?;
    listed.split(',').map(|entry| parse_node(entry.trim())).collect()
}

/// `192.0.2.1`, `192.0.2.1:443`, `[2001:db8::1]`, `[2001:db8::1]:443` or `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    node.strip_prefix('[')?.split_once(']')?.0.parse().ok()
}

/// Middleware, outermost: works out the request's [`ClientAddr`] once, for every limit after it.
pub async fn identify(
    State(trusted): State<Arc<TrustedProxies>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_addr(peer.ip(), request.headers(), &trusted);
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<ClientAddr>().copied().ok_or_else(|| {
            tracing::error!("no client address: the identify layer is missing");
            Problem::internal()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::try_from(list.to_owned()).unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claimed = headers(&[("x-forwarded-for", "198.51.100.7"), ("forwarded", "for=198.51.100.8")]);
        assert_eq!(client_addr(ip("203.0.113.9"), &claimed, &TrustedProxies::default()), ip("203.0.113.9"));
        assert_eq!(client_addr(ip("203.0.113.9"), &claimed, &proxies("10.0.0.0/8")), ip("203.0.113.9"));
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = proxies("10.0.0.0/8, 127.0.0.1");
        // A client-supplied first entry cannot be chosen while a real hop follows it.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(client_addr(ip("127.0.0.1"), &chain, &trusted), ip("198.51.100.7"));
        let split = headers(&[("x-forwarded-for", "198.51.100.7"), ("x-forwarded-for", "10.0.0.2")]);
        assert_eq!(client_addr(ip("10.0.0.1"), &split, &trusted), ip("198.51.100.7"));
        let only_proxies = headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")]);
        assert_eq!(client_addr(ip("10.0.0.1"), &only_proxies, &trusted), ip("10.0.0.3"));
        assert_eq!(client_addr(ip("10.0.0.1"), &HeaderMap::new(), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn forwarded_is_read_with_ports_quotes_and_ipv6_and_wins_over_x_forwarded_for() {
        let trusted = proxies("127.0.0.1");
        let both = headers(&[
            ("forwarded", r#"for="[2001:db8::17]:4711";proto=https, for=198.51.100.9:80"#),
            ("x-forwarded-for", "203.0.113.1"),
        ]);
        assert_eq!(client_addr(ip("127.0.0.1"), &both, &trusted), ip("198.51.100.9"));
        let v6 = headers(&[("forwarded", r#"For="[2001:db8::17]""#)]);
        assert_eq!(client_addr(ip("127.0.0.1"), &v6, &trusted), ip("2001:db8::17"));
    }

    #[test]
    fn a_chain_that_cannot_be_read_counts_as_the_proxy() {
        let trusted = proxies("127.0.0.1");
        for garbled in ["unknown", "198.51.100.7, not-an-ip", "", " , "] {
            let map = headers(&[("x-forwarded-for", garbled)]);
            assert_eq!(client_addr(ip("127.0.0.1"), &map, &trusted), ip("127.0.0.1"), "{garbled:?}");
        }
        let hidden = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(client_addr(ip("127.0.0.1"), &hidden, &trusted), ip("127.0.0.1"));
    }

    #[test]
    fn the_setting_reads_addresses_and_networks_and_names_a_bad_entry() {
        assert_eq!(proxies(""), TrustedProxies::default());
        assert!(proxies("::1, 192.168.0.0/16").trusts(ip("192.168.4.2")));
        let error = TrustedProxies::try_from("10.0.0.1, proxy.local".to_owned()).unwrap_err();
        assert!(error.contains("\"proxy.local\""), "{error}");
    }
}
