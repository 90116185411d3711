//! Finding, locating and splicing chart fences: CommonMark containers, line endings, positions.

use super::*;
use fence::BODY_KEPT;

const FIG: &str = r#"<figure class="svg-chart">X</figure>"#;

#[test]
fn huge_fence_is_replaced_whole_without_keeping_all_of_it() {
    let body = "[[series]]\ny = [1]\n".repeat(120_000); // about 2.3 MB
    let md = format!("# T\n\n```chart\n{body}```\n\nAfter.\n");
    let fences = find_chart_fences(&md);
    assert_eq!(fences.len(), 1);
    assert_eq!(fences[0].body_len, body.len());
    assert!(fences[0].body.len() <= BODY_KEPT + 64);
    let out = splice(&md, &fences, &[fig()]);
    assert_eq!(out, format!("# T\n\n{FIG}\n\nAfter.\n"));
}

#[test]
fn pre_check_ignores_prose_but_never_a_fence() {
    assert!(!may_contain_chart(
        "A chart shows it; the charts below. `` chart"
    ));
    assert!(!may_contain_chart("``chart is not a fence"));
    for fence in [
        "```chart",
        "``` chart",
        "~~~\tchart",
        "> - ````chart x",
        "\\n```chart",
    ] {
        assert!(may_contain_chart(fence), "{fence}");
    }
    // Every fence the finder finds passes the pre-check.
    let md = "text chart\n\n- item\n\n  ~~~  chart\n  type='bar'\n  ~~~\n";
    assert_eq!(find_chart_fences(md).len(), 1);
    assert!(may_contain_chart(md));
}

fn fig() -> String {
    FIG.to_owned()
}

/// Splice `FIG` in for every chart fence.
fn splice_all(chapter: &str) -> String {
    let fences = find_chart_fences(chapter);
    let replacements = vec![fig(); fences.len()];
    splice(chapter, &fences, &replacements)
}

/// The only fence in `chapter`.
fn one(chapter: &str) -> ChartFence {
    let mut fences = find_chart_fences(chapter);
    assert_eq!(fences.len(), 1, "fences in {chapter:?}: {fences:#?}");
    fences.remove(0)
}

/// Contents of the HTML blocks and of the paragraphs (or tight-list texts) of `markdown`.
fn blocks(markdown: &str) -> (Vec<String>, Vec<String>) {
    let mut html = Vec::new();
    let mut texts = Vec::new();
    let mut in_html = false;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                in_html = true;
                html.push(String::new());
            }
            Event::End(TagEnd::HtmlBlock) => in_html = false,
            Event::Html(s) if in_html => html.last_mut().unwrap().push_str(&s),
            Event::Text(s) if !in_html => texts.push(s.into_string()),
            _ => {}
        }
    }
    (html, texts)
}

/// Whether `markdown` has a paragraph whose text is exactly `text`.
fn has_paragraph(markdown: &str, text: &str) -> bool {
    let mut in_paragraph = false;
    let mut current = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                current.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                if current == text {
                    return true;
                }
                in_paragraph = false;
            }
            Event::Text(s) if in_paragraph => current.push_str(&s),
            _ => {}
        }
    }
    false
}

/// The spliced `chapter` has the figure as its own HTML block and `after` as a paragraph.
fn assert_figure_then_paragraph(chapter: &str, after: &str) -> String {
    let out = splice_all(chapter);
    let (html, _) = blocks(&out);
    assert_eq!(html.len(), 1, "html blocks in {out:?}: {html:?}");
    assert_eq!(html[0].trim_end(), FIG, "figure block in {out:?}");
    assert!(
        has_paragraph(&out, after),
        "no paragraph {after:?} in {out:?}"
    );
    out
}

// --- detection -----------------------------------------------------------------------------

#[test]
fn top_level_backticks() {
    let f = one("# T\n\n```chart\ntype = \"bar\"\n```\n");
    assert_eq!(f.body, "type = \"bar\"\n");
    assert_eq!((f.line, f.column), (3, 1));
    assert_eq!(f.info_rest, "");
    assert_eq!(f.continuation, "");
}

#[test]
fn top_level_tildes_and_long_fence() {
    let f = one("~~~~~ chart\na = 1\n~~~~~~\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.range, 0..24);
}

#[test]
fn indented_fence_strips_indentation() {
    let c = "   ```chart\n   a = 1\n  b = 2\n    c = 3\n   ```\n";
    let f = one(c);
    assert_eq!(f.body, "a = 1\nb = 2\n c = 3\n");
    assert_eq!(f.range.start, 3);
    assert_eq!(f.column, 4);
    assert_eq!(f.continuation, "   ");
}

#[test]
fn info_rest_words() {
    assert_eq!(one("```chart  foo=bar  \n```").info_rest, "foo=bar");
    assert_eq!(one("```chart,foo=bar\n```").info_rest, "foo=bar");
    assert_eq!(one("``` chart a b\n```").info_rest, "a b");
}

#[test]
fn other_info_strings_are_not_charts() {
    for info in [
        "Chart",
        "charts",
        "chart-x",
        "chart{x}",
        "toml",
        "",
        "rust chart",
    ] {
        let c = format!("```{info}\na = 1\n```\n");
        assert!(find_chart_fences(&c).is_empty(), "{info:?}");
    }
}

#[test]
fn entity_spelled_chart_is_not_a_chart() {
    assert!(find_chart_fences("```&#99;hart\na\n```\n").is_empty());
}

#[test]
fn bullet_list_item() {
    let f = one("- item\n\n  ```chart\n  a = 1\n  ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "  ");
    assert_eq!((f.line, f.column), (3, 3));
}

#[test]
fn fence_on_list_marker_line() {
    let f = one("- ```chart\n  a = 1\n  ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "  ");
    assert_eq!(f.range, 2..24);
}

#[test]
fn ordered_list_item() {
    let f = one("1. ```chart\n   a = 1\n   ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "   ");
    let f = one("10) ```chart\n    a = 1\n    ```\n");
    assert_eq!(f.continuation, "    ");
    assert_eq!(f.body, "a = 1\n");
}

#[test]
fn nested_list_item() {
    let f = one("- a\n  - b\n\n    ```chart\n    x = 1\n      y = 2\n    ```\n");
    assert_eq!(f.body, "x = 1\n  y = 2\n");
    assert_eq!(f.continuation, "    ");
}

#[test]
fn blockquote() {
    let f = one("> intro\n>\n> ```chart\n> a = 1\n>\n>   b = 2\n> ```\n");
    assert_eq!(f.body, "a = 1\n\n  b = 2\n");
    assert_eq!(f.continuation, "> ");
    assert_eq!((f.line, f.column), (3, 3));
}

#[test]
fn blockquote_without_space() {
    let f = one(">```chart\n>a = 1\n>```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, ">");
}

#[test]
fn nested_blockquotes() {
    let f = one("> > ```chart\n> > a = 1\n> > ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "> > ");
}

#[test]
fn list_inside_blockquote() {
    let f = one("> - ```chart\n>   a = 1\n>   ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, ">   ");
}

#[test]
fn blockquote_inside_list() {
    let f = one("1. > ```chart\n   > a = 1\n   > ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "   > ");
}

#[test]
fn footnote_definition() {
    let f = one("Text[^1].\n\n[^1]: ```chart\n    a = 1\n    ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "      ");
}

#[test]
fn definition_list() {
    let f = one("Term\n: ```chart\n  a = 1\n  ```\n");
    assert_eq!(f.body, "a = 1\n");
    assert_eq!(f.continuation, "  ");
}

#[test]
fn indented_code_block_is_not_a_chart() {
    assert!(find_chart_fences("    ```chart\n    a = 1\n    ```\n").is_empty());
    assert!(find_chart_fences("\t```chart\n\ta = 1\n\t```\n").is_empty());
}

#[test]
fn chart_inside_longer_fence_is_not_a_chart() {
    let c = "````markdown\n```chart\na = 1\n```\n````\n";
    assert!(find_chart_fences(c).is_empty());
    let c = "~~~\n```chart\na = 1\n```\n~~~\n";
    assert!(find_chart_fences(c).is_empty());
}

#[test]
fn chart_inside_html_block_is_not_a_chart() {
    assert!(find_chart_fences("<div>\n```chart\na = 1\n```\n</div>\n").is_empty());
}

#[test]
fn chart_in_inline_code_is_not_a_chart() {
    assert!(find_chart_fences("Use `` ```chart `` blocks.\n").is_empty());
    assert!(find_chart_fences("Text ```chart a``` more\n").is_empty());
}

#[test]
fn documents_without_chart() {
    assert!(!may_contain_chart("# Title\n\n```toml\na = 1\n```\n"));
    assert!(find_chart_fences("# Title\n\n```toml\na = 1\n```\n").is_empty());
    assert!(find_chart_fences("").is_empty());
    assert!(may_contain_chart("```chart\n```"));
}

#[test]
fn many_fences_in_order() {
    let c = "```chart\na=1\n```\n\n- ```chart\n  b=2\n  ```\n\n> ```chart\n> c=3\n> ```\n";
    let f = find_chart_fences(c);
    let bodies: Vec<_> = f.iter().map(|f| f.body.as_str()).collect();
    assert_eq!(bodies, ["a=1\n", "b=2\n", "c=3\n"]);
    assert!(f.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn empty_chart_block() {
    let c = "```chart\n```\n";
    let f = one(c);
    assert_eq!(f.body, "");
    assert_eq!(f.range, 0..12);
    assert_eq!(f.source_position(0), (2, 1));
    assert_eq!(splice_all(c), format!("{FIG}\n"));
}

#[test]
fn crlf_body_and_range() {
    let c = "x\r\n\r\n```chart\r\na = 1\r\nb = 2\r\n```\r\nafter\r\n";
    let f = one(c);
    assert_eq!(f.body, "a = 1\nb = 2\n");
    assert_eq!(&c[f.range.clone()], "```chart\r\na = 1\r\nb = 2\r\n```");
    assert_eq!(f.source_position(6), (5, 1));
    // The "\n" of a CRLF line ending maps to the "\r", i.e. the end of the line.
    assert_eq!(f.source_position(5), (4, 6));
}

#[test]
fn bom_at_file_start() {
    let c = "\u{feff}```chart\na = 1\n```\n";
    let f = one(c);
    assert_eq!(f.range, 3..c.len() - 1);
    assert_eq!((f.line, f.column), (1, 1));
    assert_eq!(f.continuation, "");
    assert_eq!(f.source_position(0), (2, 1));
    assert_eq!(splice_all(c), format!("\u{feff}{FIG}\n"));
}

#[test]
fn fence_at_eof_without_newline() {
    let c = "text\n\n```chart\na = 1\n```";
    let f = one(c);
    assert_eq!(f.range, 6..c.len());
    assert_eq!(splice_all(c), format!("text\n\n{FIG}"));
}

#[test]
fn unclosed_fence_at_eof() {
    let c = "```chart\na = 1\n\n\n";
    let f = one(c);
    assert_eq!(f.body, "a = 1\n\n\n");
    assert_eq!(&c[f.range.clone()], "```chart\na = 1");
    assert_eq!(splice_all(c), format!("{FIG}\n\n\n"));
}

#[test]
fn unclosed_fence_without_newline() {
    let c = "```chart\na = 1";
    assert_eq!(one(c).range, 0..c.len());
    assert_eq!(splice_all(c), FIG);
    let c = "```chart";
    assert_eq!(one(c).body, "");
    assert_eq!(splice_all(c), FIG);
}

#[test]
fn unclosed_fence_ends_with_container() {
    let c = "> ```chart\n> a = 1\n>\n\nafter\n";
    let f = one(c);
    assert_eq!(&c[f.range.clone()], "```chart\n> a = 1");
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("> {FIG}\n>\n\nafter\n"));

    let c = "- ```chart\n  a = 1\n- b\n";
    let f = one(c);
    assert_eq!(&c[f.range.clone()], "```chart\n  a = 1");
    assert_eq!(splice_all(c), format!("- {FIG}\n- b\n"));
}

#[test]
fn closing_fence_with_trailing_spaces() {
    let c = "```chart\na\n```   \nx\n";
    assert_eq!(&c[one(c).range.clone()], "```chart\na\n```   ");
}

#[test]
fn body_with_fence_like_content_line() {
    // Four spaces of indentation: not a closing fence, so the block is unclosed.
    let c = "```chart\na\n    ```\n";
    let f = one(c);
    assert_eq!(f.body, "a\n    ```\n");
    assert_eq!(&c[f.range.clone()], "```chart\na\n    ```");
}

#[test]
fn tab_indentation_in_list() {
    let c = "-\t```chart\n\t\ta = 1\n\t```\n";
    let f = one(c);
    assert_eq!(f.body, "\ta = 1\n");
    assert_eq!(f.continuation, "    ");
    assert_eq!(f.source_position(1), (2, 3));
}

#[test]
fn partial_tab_maps_to_its_line() {
    // The tab is partly consumed by the list indentation; pulldown-cmark emits a synthetic
    // space with an empty range.
    let c = "1. x\n\n   ```chart\n   a\n\tb = 1\n   ```";
    let f = one(c);
    assert_eq!(f.body, "a\n b = 1\n");
    assert_eq!(f.source_position(2), (5, 2));
    assert_eq!(f.source_position(3), (5, 2));
    assert_eq!(f.source_position(5), (5, 4));
}

// --- positions -----------------------------------------------------------------------------

#[test]
fn source_position_in_blockquote_in_list() {
    let c =
        "- item\n\n  > ```chart\n  > type = \"bar\"\n  > title = \"t\"\n  >   key = 3\n  > ```\n";
    let f = one(c);
    assert_eq!(f.body, "type = \"bar\"\ntitle = \"t\"\n  key = 3\n");
    assert_eq!((f.line, f.column), (3, 5));
    assert_eq!(f.continuation, "  > ");
    let key = f.body.find("key").unwrap();
    assert_eq!(f.source_position(key), (6, 7));
    assert_eq!(f.source_position(key + 6), (6, 13));
    assert_eq!(f.source_position(0), (4, 5));
}

#[test]
fn source_position_past_end() {
    let f = one("> ```chart\n> a = 1\n> bc\n> ```\n");
    assert_eq!(f.source_position(f.body.len()), (3, 5));
    assert_eq!(f.source_position(usize::MAX), (3, 5));
}

#[test]
fn source_position_counts_chars() {
    let f = one("```chart\ntitle = \"ünï\" x\n```\n");
    let x = f.body.find('x').unwrap();
    assert_eq!(f.source_position(x), (2, 15));
    // Inside a multi-byte character: rounded down.
    let u = f.body.find('ü').unwrap();
    assert_eq!(f.source_position(u + 1), (2, 10));
}

#[test]
fn multiline_top_level_positions() {
    let f = one("\n\n```chart\na = 1\n\nb = 2\n```\n");
    assert_eq!(f.source_position(0), (4, 1));
    assert_eq!(f.source_position(6), (5, 1));
    assert_eq!(f.source_position(9), (6, 3));
}

// --- splice --------------------------------------------------------------------------------

#[test]
fn splice_top_level() {
    let c = "# T\n\n```chart\na = 1\n```\n\nafter\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("# T\n\n{FIG}\n\nafter\n"));
}

#[test]
fn splice_blockquote_keeps_marker() {
    let c = "> ```chart\n> a = 1\n> ```\n";
    assert_eq!(splice_all(c), format!("> {FIG}\n"));
}

#[test]
fn splice_list_item() {
    let c = "1. one\n\n   ```chart\n   a = 1\n   ```\n2. two\n";
    let out = splice_all(c);
    assert_eq!(out, format!("1. one\n\n   {FIG}\n2. two\n"));
    let (html, _) = blocks(&out);
    assert_eq!(html, [format!("{FIG}\n")]);
}

#[test]
fn text_after_fence_top_level() {
    let c = "```chart\na = 1\n```\nafter\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("{FIG}\n\nafter\n"));
}

#[test]
fn text_after_fence_in_blockquote() {
    let c = "> ```chart\n> a = 1\n> ```\n> after\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("> {FIG}\n>\n> after\n"));
}

#[test]
fn text_after_fence_in_list_item() {
    let c = "- ```chart\n  a = 1\n  ```\n  after\n- next\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("- {FIG}\n\n  after\n- next\n"));
}

#[test]
fn text_after_fence_in_list_in_blockquote() {
    let c = "> - ```chart\n>   a = 1\n>   ```\n>   after\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("> - {FIG}\n>\n>   after\n"));
}

#[test]
fn text_after_fence_in_footnote() {
    let c = "T[^n].\n\n[^n]: ```chart\n    a = 1\n    ```\n    after\n";
    assert_figure_then_paragraph(c, "after");
}

#[test]
fn text_after_fence_in_definition() {
    let c = "Term\n: ```chart\n  a = 1\n  ```\n  after\n";
    assert_figure_then_paragraph(c, "after");
}

#[test]
fn nested_blockquote_after_fence() {
    let c = "> ```chart\n> ```\n> > after\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("> {FIG}\n>\n> > after\n"));
}

#[test]
fn following_sibling_item_gets_no_blank_line() {
    let c = "- ```chart\n  a = 1\n  ```\n- next\n";
    let out = splice_all(c);
    assert_eq!(out, format!("- {FIG}\n- next\n"));
    let list_is_tight = Parser::new_ext(&out, markdown_options())
        .all(|e| !matches!(e, Event::Start(Tag::Paragraph)));
    assert!(list_is_tight);
}

#[test]
fn following_outer_text_gets_no_blank_line() {
    let c = "> ```chart\n> ```\nafter\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("> {FIG}\nafter\n"));
}

#[test]
fn fence_interrupting_paragraph_and_table() {
    let c = "before\n```chart\na\n```\nafter\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert!(has_paragraph(&out, "before"));
    let c = "| a |\n|---|\n| 1 |\n```chart\na\n```\n";
    let (html, _) = blocks(&splice_all(c));
    assert_eq!(html, [format!("{FIG}\n")]);
}

#[test]
fn splice_crlf() {
    let c = "a\r\n\r\n> ```chart\r\n> x = 1\r\n> ```\r\n> after\r\n";
    let out = assert_figure_then_paragraph(c, "after");
    assert_eq!(out, format!("a\r\n\r\n> {FIG}\r\n>\r\n> after\r\n"));
}

#[test]
fn splice_eof_after_text() {
    let c = "```chart\na = 1\n```\nafter";
    assert_eq!(splice_all(c), format!("{FIG}\n\nafter"));
}

#[test]
fn splice_many_fences() {
    let c = "```chart\na\n```\nx\n\n- ```chart\n  b\n  ```\n- y\n\n> ```chart\n> c\n> ```\n> z\n";
    let fences = find_chart_fences(c);
    assert_eq!(fences.len(), 3);
    let reps: Vec<String> = (0..3).map(|i| format!("<figure>{i}</figure>")).collect();
    let out = splice(c, &fences, &reps);
    assert_eq!(
        out,
        "<figure>0</figure>\n\nx\n\n- <figure>1</figure>\n- y\n\n> <figure>2</figure>\n>\n> z\n"
    );
}

#[test]
fn splice_unclosed_fence() {
    let c = "text\n\n```chart\na = 1\n";
    assert_eq!(splice_all(c), format!("text\n\n{FIG}\n"));
}

#[test]
fn splice_preserves_bytes_outside_ranges() {
    let c = "é\r\n> - ```chart x\r\n>   a\r\n>   ```\r\n> b\r\n\n~~~chart\n~~~\nz\n```chart\n";
    let fences = find_chart_fences(c);
    assert_eq!(fences.len(), 3);
    let out = splice(c, &fences, &vec![String::new(); fences.len()]);
    // Removing what splice added gives back exactly the bytes outside the ranges.
    let mut outside = String::new();
    let mut cursor = 0;
    for f in &fences {
        outside.push_str(&c[cursor..f.range.start]);
        cursor = f.range.end;
    }
    outside.push_str(&c[cursor..]);
    assert_eq!(out.replace("\n\n", "\n"), outside.replace("\n\n", "\n"));
    assert_eq!(out, "é\r\n> - \r\n> b\r\n\n\n\nz\n\n");
}

#[test]
fn splice_multiline_replacement_stays_in_container() {
    let c = "> ```chart\n> ```\n";
    let fences = find_chart_fences(c);
    let out = splice(c, &fences, &["<figure>\r\n</figure>".to_owned()]);
    assert_eq!(out, "> <figure>\n> </figure>\n");
}

#[test]
fn splice_ignores_bad_input() {
    let c = "```chart\na\n```\n";
    let mut fences = find_chart_fences(c);
    assert_eq!(splice(c, &fences, &[]), c);
    fences[0].range = 5..500;
    assert_eq!(splice(c, &fences, &[fig()]), c);
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 3..1;
    fences[0].range = reversed;
    assert_eq!(splice(c, &fences, &[fig()]), c);
    let c2 = "é```chart\n```";
    let mut f2 = find_chart_fences("```chart\n```");
    f2[0].range = 1..3;
    assert_eq!(splice(c2, &f2, &[fig()]), c2);
}

#[test]
fn no_panic_on_odd_inputs() {
    let inputs = [
        "\u{feff}",
        "\u{feff}chart",
        "```chart\r",
        "```chart\ra\r```\r",
        "> ```chart\n>\u{feff}\t\tx\n",
        "- \t```chart\n \t a\n",
        "```chart\n\t\t\n```",
        ">\t```chart\n>\t\tz\n",
        "* > 1. ```chart\n  >    ü\n",
        "[^x]:\t```chart\n\tx\n",
        "```chart\n```\n```chart\n```\n```chart",
    ];
    for c in inputs {
        let fences = find_chart_fences(c);
        for f in &fences {
            for i in 0..=f.body.len() + 2 {
                let _ = f.source_position(i);
            }
        }
        let _ = splice(c, &fences, &vec![fig(); fences.len()]);
    }
}

#[test]
fn mdbook_04_has_no_definition_lists() {
    let md = "Term\n: ```chart\n  type = \"bar\"\n  ```\n";
    assert_eq!(find_chart_fences_in(md, Dialect::Mdbook05).len(), 1);
    assert!(find_chart_fences_in(md, Dialect::Mdbook04).is_empty());
    let plain = "```chart\ntype = \"bar\"\n```\n";
    assert_eq!(find_chart_fences_in(plain, Dialect::Mdbook04).len(), 1);
    assert_eq!(Dialect::of_version("0.4.52"), Dialect::Mdbook04);
    assert_eq!(Dialect::of_version("0.5.4"), Dialect::Mdbook05);
    assert_eq!(Dialect::of_version("nonsense"), Dialect::Mdbook05);
}
