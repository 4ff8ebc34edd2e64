//! Request logging: every request gets an id (`x-request-id`, also in the response — of a page,
//! JSON or a file to download, not of a script, style sheet or image a page loads, whose bytes go
//! with every first visit — so a citizen's or officer's report of a problem can be found in the
//! log), and one line with its method, path,
//! status and duration. No query string (it can carry a confidential report's secret), no body,
//! no header values, no client address: nothing personal is logged.

use axum::http::{HeaderName, Request, Response};
use std::time::Duration;
use tower_http::request_id::{MakeRequestId, RequestId, SetRequestIdLayer};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// 64 random bits, hex.
#[derive(Clone, Copy, Default)]
pub struct RandomId;

impl MakeRequestId for RandomId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = hex::encode(crate::submit::random::<8>());
        Some(RequestId::new(
            id.parse().expect("hex is a valid header value"),
        ))
    }
}

#[derive(Clone, Copy)]
pub struct Spans;

impl<B> MakeSpan<B> for Spans {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
    }
}

#[derive(Clone, Copy)]
pub struct Done;

impl<B> OnResponse<B> for Done {
    fn on_response(self, res: &Response<B>, latency: Duration, _: &Span) {
        tracing::info!(
            status = res.status().as_u16(),
            ms = latency.as_millis() as u64,
            "done"
        );
    }
}

/// Hands the request's id back in the response, except on a page's subresources
/// (`headers::is_subresource`). Runs inside `layers`.
pub async fn hand_back_id(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let id = req.headers().get(&REQUEST_ID).cloned();
    let mut res = next.run(req).await;
    if let Some(id) = id {
        if !crate::headers::is_subresource(res.headers()) {
            res.headers_mut().insert(REQUEST_ID, id);
        }
    }
    res
}

/// The layers, outermost first: set the id, log with it (`hand_back_id` returns it).
pub fn layers() -> (
    SetRequestIdLayer<RandomId>,
    TraceLayer<
        tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
        Spans,
        (),
        Done,
        tower_http::trace::DefaultOnBodyChunk,
        tower_http::trace::DefaultOnEos,
        (),
    >,
) {
    (
        SetRequestIdLayer::new(REQUEST_ID, RandomId),
        TraceLayer::new_for_http()
            .make_span_with(Spans)
            .on_request(())
            .on_response(Done)
            // The response line says the status; a 5xx is not logged twice.
            .on_failure(()),
    )
}
