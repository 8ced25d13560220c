//! Who may talk to the app: only pages it served itself, in a browser on this machine.
//!
//! The server listens on 127.0.0.1 only. Every path starts with a random token printed at
//! start (another local user cannot guess it); the Host header must name the server's own
//! address (a page on another site that rebinds its DNS name to 127.0.0.1 sends its own
//! name); a request that changes anything must come from the app's own origin (a
//! cross-site form or fetch carries the other site's Origin or `Sec-Fetch-Site: cross-site`).
//! Every response forbids the page to load or send anything elsewhere.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The app's own scripts and styles only; no request may leave for another host.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

/// The addresses the app answers to.
pub struct Guard {
    /// The secret first path segment.
    pub token: String,
    /// `127.0.0.1:PORT` and `localhost:PORT`.
    pub hosts: [String; 2],
}

impl Guard {
    pub fn new(token: String, port: u16) -> Guard {
        Guard {
            token,
            hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        }
    }

    fn host_is_ours(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|h| self.hosts.iter().any(|ours| ours == h))
    }

    /// A request that changes something must come from one of our own pages.
    fn same_origin(&self, headers: &HeaderMap) -> bool {
        let site_ok = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| v == "same-origin" || v == "none");
        let origin_ok = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|o| self.hosts.iter().any(|h| o == format!("http://{h}")));
        site_ok && origin_ok
    }

    fn token_is_ours(&self, path: &str) -> bool {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        // Compared in full whatever the input, so that timing tells nothing.
        first.len() == self.token.len()
            && first
                .bytes()
                .zip(self.token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Refuses what does not come from our own pages, and adds the security headers.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !guard.host_is_ours(headers) {
        return (StatusCode::FORBIDDEN, words!("app-refused-host")).into_response();
    }
    if !guard.token_is_ours(request.uri().path()) {
        return (StatusCode::NOT_FOUND, words!("app-refused-token")).into_response();
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes && !guard.same_origin(headers) {
        return (StatusCode::FORBIDDEN, words!("app-refused-origin")).into_response();
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // A report page brings its own, stricter policy (its inline style, no script).
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_our_host_our_token_and_our_origin() {
        let g = Guard::new("abc123".into(), 8123);
        assert!(g.host_is_ours(&headers(&[("host", "127.0.0.1:8123")])));
        assert!(g.host_is_ours(&headers(&[("host", "localhost:8123")])));
        assert!(!g.host_is_ours(&headers(&[("host", "evil.example:8123")])));
        assert!(!g.host_is_ours(&headers(&[("host", "127.0.0.1:9999")])));
        assert!(!g.host_is_ours(&headers(&[])));
        assert!(g.token_is_ours("/abc123/api/check"));
        assert!(!g.token_is_ours("/abc124/api/check"));
        assert!(!g.token_is_ours("/abc12/"));
        assert!(!g.token_is_ours("/"));
        assert!(g.same_origin(&headers(&[("origin", "http://127.0.0.1:8123")])));
        assert!(g.same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!g.same_origin(&headers(&[("origin", "http://evil.example")])));
        assert!(!g.same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
    }
}
