//! `zhikg push`: the store's graphs → an external SPARQL server, one SPARQL
//! 1.1 Graph Store HTTP Protocol `PUT` per named graph.
//!
//! Input: the parsed arguments; the password in `ZHIKG_PUSH_PASSWORD`.
//! Output: the graphs on the server, a summary, and with `--sparql` a count
//! check and the removal of graphs the store no longer has.
//! Invariant: a `PUT` replaces its graph, so pushing again doubles nothing;
//! only graphs under `https://w3id.org/zhikg/` are ever deleted on the server.

use super::*;
use std::time::Duration;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The server's Graph Store endpoint (Virtuoso:
    /// http://HOST:8890/sparql-graph-crud-auth).
    #[arg(long)]
    pub to: String,
    /// The user for HTTP basic or digest authentication; the password is
    /// read from ZHIKG_PUSH_PASSWORD.
    #[arg(long)]
    pub user: Option<String>,
    /// The server's SPARQL query endpoint: after the push, the number of
    /// triples there is compared with the store's, and graphs of zhikg the
    /// store no longer holds are deleted.
    #[arg(long)]
    pub sparql: Option<String>,
    /// Push only the graphs whose IRI starts with one of these, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub graphs: Vec<String>,
    /// Push only the graphs that changed since the last push to this server
    /// (and delete there those the store no longer holds); each push records
    /// what it sent in the store's folder.
    #[arg(long)]
    pub changed: bool,
    /// Attempts per request before giving up (5xx answers and connection errors).
    #[arg(long, default_value_t = 5)]
    pub retries: u32,
}

/// The file in the store's folder recording, per server, a digest of every
/// graph last pushed there.
const PUSHED: &str = "zhikg-pushed.json";

/// Graph → digest of its pushed body, per Graph Store endpoint.
type Pushed = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

fn read_pushed(dir: &Path) -> Result<Pushed> {
    let path = dir.join(PUSHED);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a record of pushes", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Pushed::new()),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
    }
}

/// Writes the record whole or not at all (a new file renamed over the old).
fn write_pushed(dir: &Path, pushed: &Pushed) -> Result<()> {
    let path = dir.join(PUSHED);
    let part = dir.join(format!("{PUSHED}.part"));
    std::fs::write(&part, serde_json::to_vec_pretty(pushed)?)
        .and_then(|()| std::fs::rename(&part, &path))
        .with_context(|| path.display().to_string())
}

fn digest(body: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The prefix of every graph zhikg writes.
const OURS: &str = "https://w3id.org/zhikg/";

/// Runs `zhikg push`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        to,
        user,
        sparql,
        graphs,
        changed,
        retries,
    } = args;
    let dir = store;
    if !(to.starts_with("http://") || to.starts_with("https://")) {
        bail!("--to {to}: give the server's Graph Store endpoint as an http(s) URL");
    }
    let password = std::env::var("ZHIKG_PUSH_PASSWORD").unwrap_or_default();
    if user.is_some() && password.is_empty() {
        bail!("--user given: set the password in ZHIKG_PUSH_PASSWORD");
    }
    let store = open_reader(store)?;
    let names: Vec<String> = store
        .graph_names()?
        .into_iter()
        .filter(|g| graphs.is_empty() || graphs.iter().any(|p| g.starts_with(p.as_str())))
        .collect();
    let client = Client {
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into(),
        user,
        password,
        retries: retries.max(1),
    };
    let mut pushed = read_pushed(dir)?;
    let before = pushed.remove(&to).unwrap_or_default();
    let mut now = std::collections::BTreeMap::new();
    let bar = progress_bar(names.len() as u64);
    let (mut triples, mut sent, mut unchanged) = (0, 0, 0);
    let selected = |g: &str| graphs.is_empty() || graphs.iter().any(|p| g.starts_with(p.as_str()));
    // The record keeps the graphs of this server that this push did not select.
    for (g, d) in &before {
        if !selected(g) {
            now.insert(g.clone(), d.clone());
        }
    }
    for g in &names {
        let mut body = Vec::new();
        triples += store.write_graph(g, &mut body)?;
        let d = digest(&body);
        if changed && before.get(g) == Some(&d) {
            unchanged += 1;
        } else {
            let url = graph_url(&to, g);
            client
                .send("PUT", &url, Some(("text/turtle", &body)))
                .with_context(|| format!("PUT {g}"))?;
            sent += 1;
        }
        now.insert(g.clone(), d);
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Graphs pushed before that the store no longer holds.
    let mut gone = 0;
    if changed {
        for g in before.keys() {
            if selected(g) && g.starts_with(OURS) && !names.contains(g) {
                client
                    .send("DELETE", &graph_url(&to, g), None)
                    .with_context(|| format!("DELETE {g}"))?;
                gone += 1;
            }
        }
    }
    pushed.insert(to.clone(), now);
    // The graphs are on the server whether or not the record can be kept.
    if let Err(e) = write_pushed(dir, &pushed) {
        log::warn!("the push is not recorded ({e:#}): the next --changed sends every graph");
    }
    say!(
        "pushed {} ({unchanged} unchanged, {} in all) to {to}",
        counted(sent, "graph", "graphs"),
        counted(triples, "triple", "triples")
    );
    if let Some(endpoint) = sparql {
        // Graphs of zhikg on the server that the store no longer holds.
        let listed = client.select(
            &endpoint,
            &format!(
                "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{OURS}\")) }}"
            ),
        )?;
        for g in listed {
            if selected(&g) && g.starts_with(OURS) && !names.contains(&g) {
                client
                    .send("DELETE", &graph_url(&to, &g), None)
                    .with_context(|| format!("DELETE {g}"))?;
                gone += 1;
            }
        }
        let filter = names
            .iter()
            .map(|g| format!("<{g}>"))
            .collect::<Vec<_>>()
            .join(" ");
        let counted = client.select(
            &endpoint,
            &format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {filter} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            ),
        )?;
        let remote: usize = counted.first().and_then(|n| n.parse().ok()).unwrap_or(0);
        if remote != triples {
            bail!("the server holds {remote} triples in the pushed graphs, the store {triples}");
        }
        say!("the server holds the same {remote} triples");
    }
    if gone > 0 {
        say!(
            "deleted {} the store no longer holds",
            counted(gone, "graph", "graphs")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The Graph Store URL of graph `g` at endpoint `to`.
fn graph_url(to: &str, g: &str) -> String {
    let sep = if to.contains('?') { '&' } else { '?' };
    let g: String = form_urlencoded::byte_serialize(g.as_bytes()).collect();
    format!("{to}{sep}graph-uri={g}&graph={g}")
}

fn progress_bar(n: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(n),
        if show_progress() {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "pushing {bar:40} {pos}/{len} graphs {elapsed} {per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// An HTTP client with authentication and retries.
struct Client {
    agent: ureq::Agent,
    user: Option<String>,
    password: String,
    retries: u32,
}

impl Client {
    /// Sends one request, answering a digest or basic challenge and retrying
    /// 5xx answers and connection errors with back-off; the body of the
    /// final answer on success.
    fn send(&self, method: &str, url: &str, body: Option<(&str, &[u8])>) -> Result<String> {
        let mut wait = Duration::from_millis(500);
        let mut last = String::new();
        for attempt in 1..=self.retries {
            match self.once(method, url, body, None) {
                Ok((status, _, challenge)) if status == 401 && self.user.is_some() => {
                    let auth = self.authorization(method, url, body, challenge.as_deref())?;
                    match self.once(method, url, body, Some(&auth)) {
                        Ok((s, text, _)) if s < 300 => return Ok(text),
                        Ok((s, text, _)) if s >= 500 => {
                            last = format!("HTTP {s}: {}", first_line(&text));
                        }
                        Ok((401 | 403, _, _)) => bail!(
                            "the server refused user {}: check ZHIKG_PUSH_PASSWORD",
                            self.user.as_deref().unwrap_or("")
                        ),
                        Ok((s, text, _)) => bail!("HTTP {s}: {}", first_line(&text)),
                        Err(e) => last = e.to_string(),
                    }
                }
                Ok((status, text, _)) if status < 300 => return Ok(text),
                Ok((401 | 403, _, _)) => {
                    bail!("the server asks for authentication: give --user and ZHIKG_PUSH_PASSWORD")
                }
                Ok((status, text, _)) if status >= 500 => {
                    last = format!("HTTP {status}: {}", first_line(&text));
                }
                Ok((status, text, _)) => bail!("HTTP {status}: {}", first_line(&text)),
                Err(e) => last = e.to_string(),
            }
            if attempt < self.retries {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
        bail!("{url}: {last} (after {} attempts)", self.retries)
    }

    fn once(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, &[u8])>,
        auth: Option<&str>,
    ) -> Result<(u16, String, Option<String>)> {
        let builder = ureq::http::Request::builder().method(method).uri(url);
        let builder = match auth {
            Some(a) => builder.header("Authorization", a),
            None => builder,
        };
        let (content_type, bytes) = body.unwrap_or(("text/plain", &[]));
        let request = builder
            .header("Content-Type", content_type)
            .body(bytes.to_vec())?;
        let mut response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let challenge = response
            .headers()
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.to_ascii_lowercase().starts_with("digest"))
            .map(str::to_string);
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Ok((status, text, challenge))
    }

    /// The Authorization header answering a digest challenge, or basic.
    fn authorization(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, &[u8])>,
        challenge: Option<&str>,
    ) -> Result<String> {
        let user = self.user.clone().unwrap_or_default();
        let Some(challenge) = challenge else {
            use base64::Engine as _;
            let token = format!("{user}:{}", self.password);
            let token = base64::engine::general_purpose::STANDARD.encode(token);
            return Ok(format!("Basic {token}"));
        };
        let uri = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/");
        let mut prompt = digest_auth::parse(challenge).map_err(|e| anyhow::anyhow!("{e}"))?;
        let method = match method {
            "PUT" => digest_auth::HttpMethod::PUT,
            "DELETE" => digest_auth::HttpMethod::DELETE,
            "POST" => digest_auth::HttpMethod::POST,
            _ => digest_auth::HttpMethod::GET,
        };
        let context = digest_auth::AuthContext::new_with_method(
            user,
            self.password.clone(),
            uri,
            body.map(|b| b.1.to_vec()),
            method,
        );
        Ok(prompt
            .respond(&context)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .to_header_string())
    }

    /// The first column of a SELECT's rows, asked at a SPARQL endpoint.
    fn select(&self, endpoint: &str, query: &str) -> Result<Vec<String>> {
        let q: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
        let sep = if endpoint.contains('?') { '&' } else { '?' };
        let url = format!("{endpoint}{sep}query={q}&format=json");
        let text = self.get_json(&url)?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{endpoint}: not SPARQL JSON results"))?;
        let var = json["head"]["vars"][0].as_str().unwrap_or("").to_string();
        Ok(json["results"]["bindings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| r[&var]["value"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    fn get_json(&self, url: &str) -> Result<String> {
        let request = ureq::http::Request::builder()
            .method("GET")
            .uri(url)
            .header("Accept", "application/sparql-results+json")
            .body(Vec::new())?;
        let mut response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        if status >= 300 {
            bail!("{url}: HTTP {status}: {}", first_line(&text));
        }
        Ok(text)
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}
