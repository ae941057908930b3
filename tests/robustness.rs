//! Hostile and unlucky input: closed pipes, a query's own dataset clause,
//! damaged encodings, missing paths, removed articles, punctuation, a second
//! writer and what an interrupted load leaves behind.

mod common;

use common::{run_status, sample_store};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use tempfile::TempDir;

/// Runs a command, reads one line of its output, closes the pipe and
/// returns the exit status.
fn first_line_then_close(store: &std::path::Path, args: &[&str]) -> (String, i32) {
    let bin = assert_cmd::cargo::cargo_bin("zhikg");
    let mut child = std::process::Command::new(bin)
        .arg("--store")
        .arg(store)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    (line, out.status.code().unwrap_or(-1))
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let (_tmp, store) = sample_store();
    let everything = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }";
    for args in [
        &["export", "--format", "nquads"][..],
        &["export", "--format", "turtle"],
        &["export", "--format", "graphml", "--top", "1000"],
        &["query", "--format", "table", everything],
        &["query", "--format", "csv", everything],
        &["query", "--format", "json", everything],
        &["stats"],
        &["analyze", "--top", "1000"],
        &["query", "--name", "people"],
    ] {
        let (line, code) = first_line_then_close(&store, args);
        assert!(!line.is_empty(), "{args:?} printed nothing");
        assert_eq!(code, 0, "{args:?}");
    }
}

#[test]
fn from_replaces_the_union_default_graph() {
    let (_tmp, store) = sample_store();
    let count = |q: &str| common::count(&store, q);
    let all = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    let entities =
        count("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/zhikg/entities> WHERE { ?s ?p ?o }");
    let in_graph = count(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zhikg/entities> { ?s ?p ?o } }",
    );
    assert_eq!(entities, in_graph);
    assert!(0 < entities && entities < all, "{entities} of {all}");
    assert_eq!(
        count("SELECT (COUNT(*) AS ?n) FROM <urn:nonexistent> WHERE { ?s ?p ?o }"),
        0
    );
    let named = count(
        "SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/zhikg/entities> WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert_eq!(named, entities);
}

/// The labels `extract` finds in `file`.
fn labels(file: &Path) -> Vec<String> {
    let out = common::zhikg()
        .args(["extract", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut labels: Vec<String> = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_string())
        .collect();
    labels.sort();
    labels
}

fn news() -> Vec<u8> {
    std::fs::read(common::sample_dir().join("news.md")).unwrap()
}

#[test]
fn an_article_cut_mid_character_keeps_its_entities_and_says_where() {
    let tmp = TempDir::new().unwrap();
    let whole = tmp.path().join("whole.md");
    std::fs::write(&whole, news()).unwrap();
    // Cut inside the last character, as `head -c` or a broken download does.
    let bytes = news();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let last = text
        .char_indices()
        .rfind(|(_, c)| c.len_utf8() > 1)
        .unwrap()
        .0;
    let cut = tmp.path().join("cut.md");
    std::fs::write(&cut, &bytes[..last + 1]).unwrap();
    let (code, _, stderr) = run_status(
        &tmp.path().join("store"),
        &["ingest", cut.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "cut.md: 1 invalid UTF-8 byte sequence replaced by U+FFFD, the first at byte"
        ),
        "{stderr}"
    );
    assert_eq!(labels(&cut), labels(&whole));
}

#[test]
fn utf16_without_bom_reads_as_utf8_does() {
    let tmp = TempDir::new().unwrap();
    let utf8 = tmp.path().join("news.md");
    std::fs::write(&utf8, news()).unwrap();
    let text = String::from_utf8(news()).unwrap();
    for (name, bytes) in [
        (
            "le.md",
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.md",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let f = tmp.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        assert_eq!(labels(&f), labels(&utf8), "{name}");
    }
}

#[test]
fn a_missing_path_fails_alone() {
    let tmp = TempDir::new().unwrap();
    let good = tmp.path().join("news.md");
    std::fs::write(&good, news()).unwrap();
    let store = tmp.path().join("store");
    let (code, stdout, stderr) = run_status(
        &store,
        &["ingest", good.to_str().unwrap(), "/nonexistent/missing.md"],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("ingested 2 files (0 unchanged, 1 failed): 1 document,"),
        "{stdout}"
    );
    assert_eq!(
        stderr.trim(),
        "zhikg: /nonexistent/missing.md: no such file or directory"
    );
    assert_eq!(
        common::count(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/zhikg/ontology#Document> }"
        ),
        1
    );
}

#[test]
fn a_source_over_the_limit_fails_alone_unread() {
    let tmp = TempDir::new().unwrap();
    let good = tmp.path().join("news.md");
    std::fs::write(&good, news()).unwrap();
    // Two megabytes of text, over a limit of one.
    let big = tmp.path().join("big.md");
    std::fs::write(&big, news().repeat(2_200_000 / news().len() + 1)).unwrap();
    let store = tmp.path().join("store");
    let (code, stdout, stderr) = run_status(
        &store,
        &[
            "ingest",
            "--max-source-mb",
            "1",
            big.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("ingested 2 files (0 unchanged, 1 failed): 1 document,"),
        "{stdout}"
    );
    assert_eq!(
        stderr.trim(),
        format!(
            "zhikg: {}: larger than the per-source limit of 1.0 MB (--max-source-mb); nothing of it was stored",
            big.display()
        )
    );
    // extract names the same limit.
    let out = common::zhikg()
        .args(["extract", "--max-source-mb", "1"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("per-source limit of 1.0 MB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_removed_article_comes_back_when_its_file_is_ingested_again() {
    let tmp = TempDir::new().unwrap();
    let two = tmp.path().join("two.md");
    let essay = std::fs::read_to_string(common::sample_dir().join("essay.md")).unwrap();
    std::fs::write(
        &two,
        format!("{}\n\n{essay}", String::from_utf8(news()).unwrap()),
    )
    .unwrap();
    let store = tmp.path().join("store");
    let docs = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/zhikg/ontology#Document> }";
    common::run(&store, &["ingest", two.to_str().unwrap()]);
    assert_eq!(common::count(&store, docs), 2);
    let before = common::run(&store, &["export", "--format", "nquads"]);
    let rows = common::query_json(
        &store,
        "SELECT ?d WHERE { ?d <https://w3id.org/zhikg/ontology#articleIndex> 1 }",
    );
    let second = rows["results"]["bindings"][0]["d"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    common::run(&store, &["remove", &second]);
    assert_eq!(common::count(&store, docs), 1);
    let again = String::from_utf8(common::run(&store, &["ingest", two.to_str().unwrap()])).unwrap();
    assert!(
        again.contains("(0 unchanged, 0 failed): 2 documents"),
        "{again}"
    );
    let mut a: Vec<_> = before.split(|&b| b == b'\n').collect();
    let after = common::run(&store, &["export", "--format", "nquads"]);
    let mut b: Vec<_> = after.split(|&b| b == b'\n').collect();
    a.sort();
    b.sort();
    assert!(a == b, "the re-ingested store differs from the first");
}

#[test]
fn punctuation_names_nothing() {
    let tmp = TempDir::new().unwrap();
    let f = tmp.path().join("punct.md");
    let text: String = "。，、；：？！“”‘’（）《》【】……——·".repeat(2000);
    std::fs::write(&f, &text).unwrap();
    assert!(labels(&f).is_empty());
    let store = tmp.path().join("store");
    common::run(&store, &["ingest", f.to_str().unwrap()]);
    assert_eq!(
        common::count(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(!REGEX(?l, \"[\\\\p{L}]\")) }"
        ),
        0
    );
}

#[test]
fn a_second_writer_is_told_who_writes_and_readers_go_on() {
    let (_tmp, store) = sample_store();
    // An ingest from standard input holds the store until its input ends.
    let bin = assert_cmd::cargo::cargo_bin("zhikg");
    let mut writer = std::process::Command::new(bin)
        .arg("--store")
        .arg(&store)
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid_file = store.join("zhikg-writer.pid");
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&pid_file).map_or(true, |p| p.trim() != writer.id().to_string()) {
        assert!(
            started.elapsed().as_secs() < 60,
            "the writer never opened the store"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let (code, _, stderr) = run_status(&store, &["remove", "https://w3id.org/zhikg/doc/x"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        format!(
            "zhikg: store {}: is being written by another zhikg process (pid {}); try again when it ends",
            store.display(),
            writer.id()
        )
    );
    let (code, stdout, stderr) = run_status(&store, &["query", "ASK { ?s a ?c }"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains("true"), "{stdout}");
    let mut input = writer.stdin.take().unwrap();
    input.write_all(&news()).unwrap();
    drop(input);
    let out = writer.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!pid_file.exists());
}

#[test]
fn leftovers_of_an_interrupted_bulk_load_go_on_the_next_open() {
    let (_tmp, store) = sample_store();
    let leftover = store.join("bulk-123456789.sst");
    std::fs::write(&leftover, b"partial").unwrap();
    let again = common::sample_dir().join("news.md");
    common::run(&store, &["ingest", again.to_str().unwrap()]);
    assert!(!leftover.exists());
}

#[test]
fn deep_queries_are_refused_and_long_ones_stopped() {
    let (_tmp, store) = sample_store();
    for n in [10_000, 100_000] {
        let q = format!(
            "SELECT * WHERE {} ?s ?p ?o {}",
            "{".repeat(n),
            "}".repeat(n)
        );
        let file = store.with_file_name(format!("deep{n}.rq"));
        std::fs::write(&file, q).unwrap();
        let (code, _, stderr) = run_status(&store, &["query", "--file", file.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert_eq!(
            stderr.trim(),
            format!("zhikg: the query nests {n} levels deep; the limit is 500")
        );
    }
    let cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let (code, _, stderr) = run_status(&store, &["query", "--timeout", "1", cross]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the query ran past its time limit of 1 s and was stopped"),
        "{stderr}"
    );
    let (code, _, stderr) = run_status(&store, &["query", "INSERT DATA { <a:b> <a:c> <a:d> }"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("this is a SPARQL Update"), "{stderr}");
}

#[test]
fn a_long_line_and_many_lines_give_proportionate_graphs() {
    let tmp = TempDir::new().unwrap();
    let text = String::from_utf8(news()).unwrap();
    let han: Vec<char> = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    // A fixed pseudo-random walk over the sample's characters.
    let mut k = 7usize;
    let mut next = || {
        k = (k * 1_103_515_245 + 12_345) % (1 << 31);
        han[k % han.len()]
    };
    let line: String = (0..100_000).map(|_| next()).collect();
    let lines: String = (0..20_000)
        .map(|_| (0..8).map(|_| next()).collect::<String>() + "\n")
        .collect();
    let (a, b) = (tmp.path().join("line.txt"), tmp.path().join("lines.txt"));
    std::fs::write(&a, &line).unwrap();
    std::fs::write(&b, &lines).unwrap();
    let store = tmp.path().join("store");
    let out = String::from_utf8(common::run(
        &store,
        &["ingest", a.to_str().unwrap(), b.to_str().unwrap()],
    ))
    .unwrap();
    let triples: usize = out
        .split(" triples")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let kb = (line.len() + lines.len()) / 1000;
    assert!(triples < 100 * kb, "{triples} triples for {kb} KB");
}

/// A folder of `n` articles made from the bundled sample.
fn corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let names = ["essay.md", "interview.md", "news.md"];
    for i in 0..n {
        let text = std::fs::read_to_string(common::sample_dir().join(names[i % 3])).unwrap();
        std::fs::write(dir.join(format!("a{i:04}.md")), text).unwrap();
    }
}

fn sorted_dump(store: &Path) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = common::run(store, &["export", "--format", "nquads"])
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    lines.sort();
    lines
}

#[test]
fn an_ingest_killed_or_stopped_completes_on_the_next_run() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    corpus(&docs, 600);
    let clean = tmp.path().join("clean");
    common::run(&clean, &["ingest", docs.to_str().unwrap()]);
    let expected = sorted_dump(&clean);
    for signal in ["KILL", "TERM", "INT"] {
        let store = tmp.path().join(format!("store-{signal}"));
        let bin = assert_cmd::cargo::cargo_bin("zhikg");
        let child = std::process::Command::new(bin)
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .arg(&docs)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        // The shell's own `kill`, present wherever `sh` is.
        std::process::Command::new("sh")
            .args(["-c", &format!("kill -{signal} {}", child.id())])
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if signal != "KILL" {
            // Stopped at a source boundary with a summary, or already done.
            match out.status.code() {
                Some(130) => assert!(stderr.contains("interrupted: "), "{stderr}"),
                Some(0) => {}
                other => panic!("{signal}: exit {other:?}: {stderr}"),
            }
        }
        common::run(&store, &["ingest", docs.to_str().unwrap()]);
        assert!(
            sorted_dump(&store) == expected,
            "{signal}: the completed store differs from one clean ingest"
        );
    }
}

/// A mount at `target`, unmounted when dropped however the test ends.
struct Unmount<'a>(&'a Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0).status();
    }
}

/// Runs `mount ARGS… TARGET`; `None` where mounting is not allowed.
fn mount<'a>(args: &[&str], target: &'a Path) -> Option<Unmount<'a>> {
    std::process::Command::new("mount")
        .args(args)
        .arg(target)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        .then_some(Unmount(target))
}

#[test]
fn a_full_disk_keeps_what_was_stored_and_says_so() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    corpus(&docs, 600);
    let disk = tmp.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_unmount) = mount(&["-t", "tmpfs", "-o", "size=3m", "tmpfs"], &disk) else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let store = disk.join("store");
    let news = common::sample_dir().join("news.md");
    common::run(&store, &["ingest", news.to_str().unwrap()]);
    let before = sorted_dump(&store);
    let (code, stdout, stderr) = run_status(&store, &["ingest", docs.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("ingested 600 files"), "{stdout}");
    assert!(stderr.contains("no space left on the device"), "{stderr}");
    let after = sorted_dump(&store);
    assert!(
        before.iter().all(|q| after.binary_search(q).is_ok()),
        "quads stored before the full disk were lost"
    );
}

#[test]
fn a_read_only_copy_answers_queries() {
    let (tmp, store) = sample_store();
    let ro = tmp.path().join("read-only");
    std::fs::create_dir(&ro).unwrap();
    let source = store.to_str().unwrap();
    let Some(_unmount) = mount(&["--bind", "-o", "ro", source], &ro) else {
        eprintln!("skipped: cannot bind-mount a read-only copy here (needs root)");
        return;
    };
    let docs = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/zhikg/ontology#Document> }";
    assert_eq!(common::count(&ro, docs), 3);
    common::run(&ro, &["stats"]);
    let (code, _, stderr) = run_status(&ro, &["remove", "https://w3id.org/zhikg/doc/x"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is on a read-only file system"), "{stderr}");
}

#[test]
fn a_folder_that_is_no_store_is_left_alone() {
    let tmp = TempDir::new().unwrap();
    let folder = tmp.path().join("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    let news = common::sample_dir().join("news.md");
    for args in [
        &["ingest", news.to_str().unwrap()][..],
        &["query", "ASK {}"],
    ] {
        let (code, _, stderr) = run_status(&folder, args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains("is not a zhikg store"),
            "{args:?}: {stderr}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(left.len(), 1, "files were written into the folder");
}
