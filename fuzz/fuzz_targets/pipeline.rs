//! Any bytes → decode → pipeline → JSON and N-Quads, which must parse.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use std::sync::LazyLock;
use zhikg::resources::Resources;

static RESOURCES: LazyLock<Resources> =
    LazyLock::new(|| Resources::load(true).expect("built-in resources load"));

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = zhikg::stages::read::decode("fuzz.txt", bytes) else {
        return;
    };
    let set = zhikg::pipeline::process(source, &RESOURCES);
    let json = zhikg::output::json::render(&set);
    serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
    let graphs = zhikg::rdf::quads(&set, "fuzz.txt", &RESOURCES.build, zhikg::rdf::Provenance::Full);
    let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for (_, quads) in &graphs {
        for q in quads {
            w.serialize_quad(q).expect("serialised");
        }
    }
    let text = w.finish().expect("serialised");
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(&text) {
        q.expect("N-Quads that parse");
    }
});
