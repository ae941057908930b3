//! `zhikg serve`: the store → a SPARQL 1.1 Protocol endpoint, a Graph Store
//! endpoint and a browser page, over HTTP.
//!
//! Input: the parsed arguments.
//! Output: answers to requests until the process is stopped.
//! Invariant: without `--allow-update` nothing is ever written to the store
//! (it is opened read-only); every answer carries CORS headers; a query past
//! its time limit or its size limit gets an HTTP error, not a hang.

use super::*;
use zhikg::store::{Graph, ResultFormat};

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address and port to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Seconds a query may run before it is stopped; 0 for no limit.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// The largest answer sent, in megabytes.
    #[arg(long, default_value_t = 100, value_name = "MB")]
    pub max_mb: usize,
    /// How many requests are answered at once.
    #[arg(long, default_value_t = 8)]
    pub threads: usize,
    /// Accept SPARQL 1.1 Update (POST /update) and Graph Store writes (PUT,
    /// POST, DELETE on /store); without it the store is opened read-only.
    #[arg(long)]
    pub allow_update: bool,
}

/// What every request is answered with.
#[derive(Clone, Copy)]
struct Limits {
    max_bytes: usize,
    allow_update: bool,
}

/// The browser page served at `/`.
const PAGE: &str = include_str!("serve/page.html");

/// Runs `zhikg serve`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        bind,
        timeout,
        max_mb,
        threads,
        allow_update,
    } = args;
    if !(timeout.is_finite() && timeout >= 0.0) {
        bail!("--timeout {timeout}: give a number of seconds, 0 for no limit");
    }
    if threads == 0 {
        bail!("--threads 0: give at least one");
    }
    let limit = (timeout > 0.0).then(|| std::time::Duration::from_secs_f64(timeout));
    let store = if allow_update {
        open_existing(store)?
    } else {
        open_reader(store)?
    }
    .with_timeout(limit);
    suggest_optimize(&store);
    let server =
        tiny_http::Server::http(&bind).map_err(|e| anyhow::anyhow!("--bind {bind}: {e}"))?;
    say!(
        "serving at http://{bind}/ (SPARQL endpoint http://{bind}/query, graph store http://{bind}/store{})",
        if allow_update {
            ", updates at /update"
        } else {
            ", read-only"
        }
    );
    let limits = Limits {
        max_bytes: max_mb.saturating_mul(1 << 20),
        allow_update,
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Ok(request) = server.recv() {
                    answer(&store, request, limits);
                }
            });
        }
    });
    Ok(ExitCode::SUCCESS)
}

/// An answer: status, content type and body.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, message: impl Into<String>) -> Reply {
        let mut body = message.into().into_bytes();
        // No content (204) is no body at all.
        if !body.is_empty() {
            body.push(b'\n');
        }
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body,
        }
    }
}

fn answer(store: &Store, mut request: tiny_http::Request, limits: Limits) {
    let reply = reply(store, &mut request, limits);
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for h in [
        header("Content-Type", reply.content_type),
        header("Access-Control-Allow-Origin", "*"),
        header(
            "Access-Control-Allow-Methods",
            "GET, HEAD, POST, PUT, DELETE, OPTIONS",
        ),
        header("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    // A client that went away is no concern of the server's.
    let _ = request.respond(response);
}

fn reply(store: &Store, request: &mut tiny_http::Request, limits: Limits) -> Reply {
    let max_bytes = limits.max_bytes;
    let url = request.url().to_string();
    let (path, query_string) = url.split_once('?').unwrap_or((&url, ""));
    let method = request.method().clone();
    let accept = header(request, "Accept");
    let content_type = header(request, "Content-Type");
    match (&method, path) {
        (tiny_http::Method::Options, _) => Reply::text(204, ""),
        (tiny_http::Method::Get, "/") => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: PAGE.as_bytes().to_vec(),
        },
        (tiny_http::Method::Get, "/queries") => {
            let list: Vec<serde_json::Value> = QUERIES
                .iter()
                .map(|(name, text)| serde_json::json!({ "name": name, "text": text }))
                .collect();
            Reply {
                status: 200,
                content_type: "application/json",
                body: serde_json::to_vec(&list).unwrap_or_default(),
            }
        }
        (tiny_http::Method::Get, "/query" | "/sparql") => match form_value(query_string, "query") {
            Some(q) => evaluate(store, &q, &accept, max_bytes),
            None if form_value(query_string, "update").is_some() => {
                Reply::text(405, "send updates with POST")
            }
            None => Reply::text(400, "give the query as ?query=…"),
        },
        (_, "/store") => graph_store(store, request, &method, query_string, limits),
        (tiny_http::Method::Post, "/query" | "/sparql" | "/update") => {
            let mut body = String::new();
            if std::io::Read::read_to_string(request.as_reader(), &mut body).is_err() {
                return Reply::text(400, "the request body is not UTF-8 text");
            }
            let kind = content_type.split(';').next().unwrap_or("").trim();
            match kind {
                "application/sparql-query" if path != "/update" => {
                    evaluate(store, &body, &accept, max_bytes)
                }
                "application/sparql-update" => update(store, &body, limits),
                "application/x-www-form-urlencoded" => match form_value(&body, "query") {
                    Some(q) if path != "/update" => evaluate(store, &q, &accept, max_bytes),
                    _ => match form_value(&body, "update") {
                        Some(u) => update(store, &u, limits),
                        None => Reply::text(400, "give the query in the form field query"),
                    },
                },
                other => Reply::text(
                    415,
                    format!(
                        "Content-Type {other:?}: send application/sparql-query or application/x-www-form-urlencoded"
                    ),
                ),
            }
        }
        (_, "/query" | "/sparql") => Reply::text(405, "use GET or POST"),
        (_, "/update") => Reply::text(405, "use POST"),
        _ => Reply::text(
            404,
            format!("{path}: no such page (try /, /query or /store)"),
        ),
    }
}

/// A request header's value, empty when absent.
fn header(request: &tiny_http::Request, name: &'static str) -> String {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default()
}

/// The media types an `Accept` header lists, parameters dropped, in order.
fn accepted(accept: &str) -> Vec<&str> {
    accept
        .split(',')
        .map(|a| a.split(';').next().unwrap_or("").trim())
        .filter(|a| !a.is_empty())
        .collect()
}

fn refuse_update() -> Reply {
    Reply::text(
        403,
        "this endpoint is read-only: updates are refused (start it with --allow-update)",
    )
}

/// Runs a SPARQL 1.1 Update when updates are allowed.
fn update(store: &Store, sparql: &str, limits: Limits) -> Reply {
    if !limits.allow_update {
        return refuse_update();
    }
    match store.update(sparql) {
        Ok(()) => Reply::text(204, ""),
        Err(e @ (zhikg::Error::Sparql(_) | zhikg::Error::Invalid(_))) => {
            Reply::text(400, e.to_string())
        }
        Err(e) => Reply::text(500, e.to_string()),
    }
}

/// The SPARQL 1.1 Graph Store HTTP Protocol on `/store?graph=IRI` or
/// `/store?default`: GET and HEAD always, PUT, POST and DELETE when updates
/// are allowed.
fn graph_store(
    store: &Store,
    request: &mut tiny_http::Request,
    method: &tiny_http::Method,
    query_string: &str,
    limits: Limits,
) -> Reply {
    use tiny_http::Method;
    let graph = match form_value(query_string, "graph") {
        Some(iri) => Graph::Named(iri),
        None if form_urlencoded::parse(query_string.as_bytes()).any(|(k, _)| k == "default") => {
            Graph::Default
        }
        None => return Reply::text(400, "name the graph: /store?graph=IRI or /store?default"),
    };
    match method {
        Method::Get | Method::Head => {
            let Some(syntax) = graph_syntax(&header(request, "Accept")) else {
                return Reply::text(
                    406,
                    "graphs come as text/turtle, application/n-triples, application/rdf+xml or application/ld+json",
                );
            };
            match store.graph_exists(&graph) {
                Ok(false) => return Reply::text(404, "no such graph"),
                Err(e) => return Reply::text(400, e.to_string()),
                Ok(true) => {}
            }
            let mut out = Capped {
                buf: Vec::new(),
                max: limits.max_bytes,
            };
            match store.read_graph(&graph, syntax, &mut out) {
                Ok(()) => Reply {
                    status: 200,
                    content_type: syntax.media_type(),
                    body: if *method == Method::Head {
                        Vec::new()
                    } else {
                        out.buf
                    },
                },
                Err(zhikg::Error::Output(_)) => Reply::text(
                    413,
                    format!(
                        "the graph is larger than {} MB (--max-mb)",
                        limits.max_bytes >> 20
                    ),
                ),
                Err(e) => Reply::text(500, e.to_string()),
            }
        }
        Method::Put | Method::Post | Method::Delete if !limits.allow_update => refuse_update(),
        Method::Put | Method::Post => {
            let content_type = header(request, "Content-Type");
            let media = content_type.split(';').next().unwrap_or("").trim();
            let Some(syntax) = zhikg::store::Syntax::from_media_type(media) else {
                return Reply::text(
                    415,
                    format!(
                        "Content-Type {media:?}: send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
                    ),
                );
            };
            let mut body = Vec::new();
            if std::io::Read::read_to_end(request.as_reader(), &mut body).is_err() {
                return Reply::text(400, "the request body could not be read");
            }
            let existed = matches!(store.graph_exists(&graph), Ok(true));
            match store.write_graph_body(&graph, &body, syntax, *method == Method::Put) {
                Ok(_) if existed => Reply::text(204, ""),
                Ok(_) => Reply::text(201, ""),
                Err(e @ zhikg::Error::Invalid(_)) => Reply::text(400, e.to_string()),
                Err(e) => Reply::text(500, e.to_string()),
            }
        }
        Method::Delete => match store.drop_graph(&graph) {
            Ok(true) => Reply::text(204, ""),
            Ok(false) => Reply::text(404, "no such graph"),
            Err(e) => Reply::text(400, e.to_string()),
        },
        _ => Reply::text(405, "use GET, HEAD, PUT, POST or DELETE"),
    }
}

/// The triple syntax an `Accept` header asks for; Turtle for any.
fn graph_syntax(accept: &str) -> Option<zhikg::store::Syntax> {
    use zhikg::store::Syntax;
    let wanted = accepted(accept);
    if let Some(s) = wanted
        .iter()
        .filter_map(|w| Syntax::from_media_type(w))
        .find(|s| !s.has_graphs())
    {
        return Some(s);
    }
    (wanted.is_empty() || wanted.iter().any(|w| matches!(*w, "*/*" | "text/*")))
        .then_some(Syntax::Turtle)
}

/// The value of `name` in a URL-encoded form.
fn form_value(form: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(form.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The result format the `Accept` header asks for, first acceptable wins.
fn negotiate(accept: &str, graph: bool) -> Option<(ResultFormat, &'static str)> {
    let offers: &[(&str, ResultFormat, &'static str)] = if graph {
        &[
            ("text/turtle", ResultFormat::Turtle, "text/turtle"),
            (
                "application/n-triples",
                ResultFormat::NTriples,
                "application/n-triples",
            ),
        ]
    } else {
        &[
            (
                "application/sparql-results+json",
                ResultFormat::Json,
                "application/sparql-results+json",
            ),
            (
                "application/json",
                ResultFormat::Json,
                "application/sparql-results+json",
            ),
            (
                "application/sparql-results+xml",
                ResultFormat::Xml,
                "application/sparql-results+xml",
            ),
            ("text/csv", ResultFormat::Csv, "text/csv; charset=utf-8"),
            (
                "text/tab-separated-values",
                ResultFormat::Tsv,
                "text/tab-separated-values; charset=utf-8",
            ),
        ]
    };
    let wanted = accepted(accept);
    if wanted.is_empty()
        || wanted
            .iter()
            .any(|w| matches!(*w, "*/*" | "application/*" | "text/*"))
    {
        if let Some(w) = wanted
            .iter()
            .find_map(|w| offers.iter().find(|o| o.0 == *w))
        {
            return Some((w.1, w.2));
        }
        return offers.first().map(|o| (o.1, o.2));
    }
    wanted
        .iter()
        .find_map(|w| offers.iter().find(|o| o.0 == *w))
        .map(|o| (o.1, o.2))
}

/// A writer that refuses to grow past a size.
struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            return Err(std::io::Error::other("answer too large"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn evaluate(store: &Store, sparql: &str, accept: &str, max_bytes: usize) -> Reply {
    // Which form the query has is known once it ran: it is written in the
    // accepted format of its kind, or refused if its kind has none.
    let results = negotiate(accept, false);
    let graph = negotiate(accept, true);
    let mut out = Capped {
        buf: Vec::new(),
        max: max_bytes,
    };
    let ran = store.query_either(
        sparql,
        results.map_or(ResultFormat::Json, |r| r.0),
        graph.map_or(ResultFormat::Turtle, |g| g.0),
        &mut out,
    );
    match ran {
        Ok(triples) => match if triples { graph } else { results } {
            Some((_, content_type)) => Reply {
                status: 200,
                content_type,
                body: out.buf,
            },
            None => Reply::text(
                406,
                format!(
                    "Accept {accept:?}: this query's results come as {}",
                    if triples {
                        "text/turtle or application/n-triples"
                    } else {
                        "application/sparql-results+json, +xml, text/csv or text/tab-separated-values"
                    }
                ),
            ),
        },
        Err(e @ zhikg::Error::Timeout(_)) => Reply::text(503, e.to_string()),
        Err(e @ zhikg::Error::Sparql(_)) => Reply::text(400, e.to_string()),
        Err(zhikg::Error::Output(_)) => Reply::text(
            413,
            format!(
                "the answer is larger than {} MB (--max-mb): add a LIMIT",
                max_bytes >> 20
            ),
        ),
        Err(e) => Reply::text(500, e.to_string()),
    }
}
