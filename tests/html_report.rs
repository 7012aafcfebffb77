//! `--format html`: one self-contained page. What a reviewer relies on is checked on the page
//! as a browser would parse it (html5gum): every finding highlighted, the matrix of required
//! parts, nothing fetched from elsewhere, and document text that cannot become markup.
//! scripts/html-report-browser-test.py renders it in Chromium as well.

use fzlint_tests::{fzlint, json};
use html5gum::{Token, Tokenizer};
use std::collections::{BTreeMap, BTreeSet};

/// Start tags of the page: name and attributes.
fn tags(page: &str) -> Vec<(String, BTreeMap<String, String>)> {
    Tokenizer::new(page)
        .flatten()
        .filter_map(|t| match t {
            Token::StartTag(tag) => Some((
                String::from_utf8_lossy(&tag.name).into_owned(),
                tag.attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn html(paths: &[&str]) -> (String, serde_json::Value) {
    let mut args = vec!["check", "--no-config", "--format", "html"];
    args.extend_from_slice(paths);
    let page = fzlint(&args);
    assert_eq!(page.code, 1, "{}", page.stderr);
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(paths);
    (page.stdout, json(&fzlint(&args)))
}

#[test]
fn every_finding_is_highlighted_and_listed_and_the_matrix_has_each_part() {
    let (page, v) = html(&["../examples", "fixtures/page.html"]);
    let diagnostics = v["diagnostics"].as_array().unwrap();
    let tags = tags(&page);
    // each finding has at least one highlight (a piece of text, or a pin where it stands)
    // and one entry in its report's list; ids are report-finding
    let marked: BTreeSet<&str> = tags
        .iter()
        .filter(|(n, _)| n == "mark")
        .flat_map(|(_, a)| a["data-f"].split(' '))
        .collect();
    let listed: BTreeSet<&str> = tags
        .iter()
        .filter(|(n, a)| n == "li" && a.contains_key("id"))
        .map(|(_, a)| a["id"].as_str())
        .collect();
    assert_eq!(marked.len(), diagnostics.len(), "{marked:?}");
    assert_eq!(marked, listed);
    // one report section per file, in the order of the table
    let reports = tags
        .iter()
        .filter(|(n, a)| n == "details" && a.get("class").is_some_and(|c| c == "report"))
        .count();
    assert_eq!(reports, 4);
    // the matrix: a cell per report and required part; a part a report lacks is missing
    // there exactly when the run reports it missing
    let cells: Vec<(&str, &str)> = tags
        .iter()
        .filter(|(n, a)| n == "td" && a.contains_key("data-part"))
        .map(|(_, a)| (a["data-part"].as_str(), a["class"].as_str()))
        .collect();
    let parts: BTreeSet<&str> = cells.iter().map(|(p, _)| *p).collect();
    assert_eq!(cells.len(), parts.len() * 4);
    let missing = cells.iter().filter(|(_, c)| *c == "missing").count();
    let reported_missing = diagnostics
        .iter()
        .filter(|d| {
            let m = d["message"].as_str().unwrap();
            d["rule"].as_str().unwrap().starts_with("annual-report/")
                && (m.starts_with("缺少「") || m.starts_with("没有「"))
        })
        .count();
    assert_eq!(missing, reported_missing);
    // the summary of the run is on the page
    let s = &v["summary"];
    assert!(
        page.contains(&format!("<b>{}</b>错误", s["errors"])),
        "errors count"
    );
}

#[test]
fn the_page_fetches_nothing() {
    let (page, _) = html(&["../examples"]);
    for (name, attrs) in tags(&page) {
        for (k, v) in &attrs {
            let k = k.as_str();
            if matches!(k, "src" | "href" | "action" | "srcset" | "poster" | "data") {
                assert!(
                    v.starts_with('#'),
                    "<{name} {k}=\"{v}\"> would leave the page"
                );
            }
        }
        assert!(!matches!(
            name.as_str(),
            "link" | "iframe" | "img" | "object" | "embed"
        ));
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(!page.contains("@import") && !page.contains("url("));
}

#[test]
fn document_text_and_file_names_cannot_become_markup() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "\"><img src=x onerror=alert(1)>";
    let name = dir.path().join("a<script>alert(1)<&script>.txt");
    std::fs::write(
        &name,
        format!(
            "某区2023年法治政府建设情况报告\n\n一、主要举措\n同布署<script>alert(1)</script>{evil}工作。\n<!-- x -->\n"
        ),
    )
    .unwrap();
    let page = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "html",
        name.to_str().unwrap(),
    ]);
    let page = page.stdout;
    let tags = tags(&page);
    // the only scripts are the page's own (one), no img, no event handler anywhere
    assert_eq!(tags.iter().filter(|(n, _)| n == "script").count(), 1);
    assert!(!tags.iter().any(|(n, _)| n == "img"));
    assert!(!tags
        .iter()
        .any(|(_, a)| a.keys().any(|k| k.starts_with("on"))));
    // and the text is there, as text
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(page.contains(">布署</mark>"), "{page}");
}
