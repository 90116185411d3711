//! One chart spec through parse, models and render: never a panic; an SVG is one line of
//! well-formed XML; an error is located inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match mdbook_svg_charts::render_standalone(text) {
        Ok(svg) => {
            assert!(!svg.contains(['\n', '\r']), "line break in the SVG");
            if let Err(e) = roxmltree::Document::parse(&svg) {
                panic!("invalid XML: {e}");
            }
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(
                e.line <= text.split('\n').count(),
                "error past the end: {e}"
            );
        }
    }
});
