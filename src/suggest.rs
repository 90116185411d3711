//! "Did you mean ...?" for misspelt keys and values.

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.to_ascii_lowercase().chars().collect();
    let limit = (word.len() / 3).max(2);
    let mut candidate = Vec::new();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        candidate.clear();
        candidate.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        // The distance is at least the difference in length: one that far is no typo.
        if word.len().abs_diff(candidate.len()) > limit {
            continue;
        }
        if let Some(d) = distance_within(&word, &candidate, limit)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars (optimal string alignment: a swap of neighbours costs 1),
/// computed in full: what [`distance_within`] is checked against.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The edit distance of `a` and `b` (Levenshtein over chars, optimal string alignment: a swap
/// of neighbours costs 1) if it is at most `limit`. Gives up
/// once two rows in a row are all over the limit: no later row can come back under it (a cell
/// is one more than a cell of one of the two rows above, or equal to one of the row above).
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    let mut prev_over = false;
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        let over = cur.iter().all(|&d| d > limit);
        if over && prev_over {
            return None;
        }
        prev_over = over;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(nearest("titel", ["title", "type", "x"]), Some("title"));
        assert_eq!(nearest("seires", ["series", "legend"]), Some("series"));
        assert_eq!(nearest("colour", ["color", "colors"]), Some("color"));
        assert_eq!(nearest("zzzzzz", ["title", "type"]), None);
    }

    #[test]
    fn a_bounded_distance_is_the_distance_when_within_the_bound() {
        // Every pair of words of up to 5 letters from a two-letter alphabet, and a few longer.
        let mut words: Vec<String> = vec![String::new()];
        for len in 1..=5 {
            for n in 0..(1u32 << len) {
                words.push(
                    (0..len)
                        .map(|i| if n >> i & 1 == 1 { 'a' } else { 'b' })
                        .collect(),
                );
            }
        }
        words.extend(
            [
                "legend_positon_000123",
                "legend-position",
                "abababab",
                "bbbbaaaa",
            ]
            .map(String::from),
        );
        for a in &words {
            for b in &words {
                let d = edit_distance(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in 0..8 {
                    let within = distance_within(&ca, &cb, limit);
                    assert_eq!(
                        within,
                        (d <= limit).then_some(d),
                        "{a:?} {b:?} within {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn nearest_is_the_closest_within_the_limit_first_of_equals() {
        // As it was written before it was made to give up early: every distance in full.
        fn plain<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
            let word = word.to_ascii_lowercase();
            let limit = (word.chars().count() / 3).max(2);
            candidates
                .iter()
                .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), *c))
                .filter(|(d, _)| *d <= limit)
                .min_by_key(|(d, _)| *d)
                .map(|(_, c)| c)
        }
        let keys = [
            "title",
            "type",
            "x",
            "y",
            "legend",
            "Legend",
            "series",
            "color",
            "colors",
            "mode",
            "marker-size",
            "line-width",
            "x-axis",
            "y-axis",
            "reference",
            "annotation",
            "bins",
        ];
        for word in [
            "titel",
            "tpye",
            "X",
            "lgend",
            "LEGEND",
            "seires",
            "colour",
            "mdoe",
            "markersize",
            "line_width",
            "xaxis",
            "y-axsi",
            "refrence",
            "anotation",
            "bin",
            "zzzzzz",
            "",
            "legend_positon_000123",
        ] {
            assert_eq!(nearest(word, keys), plain(word, &keys), "{word}");
        }
    }

    #[test]
    fn distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
