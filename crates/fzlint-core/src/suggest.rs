//! "Did you mean …?" for misspelt field, kind, rule and pack names.

/// The candidate closest to `target`, if it is close enough to be a likely typo.
pub fn nearest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(target, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn finds_the_typo_and_refuses_strangers() {
        let fields = ["phrases", "suggest", "exceptions", "unless-sentence", "fix"];
        assert_eq!(nearest("phrase", fields), Some("phrases"));
        assert_eq!(nearest("sugest", fields), Some("suggest"));
        assert_eq!(nearest("unless_sentence", fields), Some("unless-sentence"));
        assert_eq!(nearest("colour", fields), None);
    }
}
