//! Words to search reports by: the same normalising as the suggestion engine (lower case, accents
//! folded, repeated letters squeezed, chat spellings expanded: `jln` → `jalan`), so that a citizen
//! who types "jln rusak parahhh" finds "Jalan rusak parah". The server stores a report's terms
//! when it arrives and both stores index them the same way (SQLite FTS5, PostgreSQL's full-text
//! search with the plain configuration), so a search finds the same reports on either.
//! A few function words ("yang", "di", "dan", …) are left out; affixes are not stripped, and a
//! search term matches whole words only ("perbaikan" does not find "perbaiki"): a prefix search
//! would make every query with a common start gather all reports that have such a word.

/// Words too common to search by.
const FUNCTION_WORDS: &[&str] = &[
    "yang", "di", "ke", "dari", "dan", "atau", "untuk", "dengan", "ini", "itu", "ada", "pada",
    "dalam", "oleh", "juga", "sudah", "akan", "tidak", "bisa", "saya", "kami", "kita", "mohon",
    "tolong", "the", "of", "and", "in", "to",
];

/// The search terms of a text, in order, without repeats.
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in crate::suggest::text::words(text) {
        let mut cleaned = Vec::new();
        crate::suggest::text::clean(&w, &mut cleaned);
        for t in cleaned {
            if t.len() >= 2 && !FUNCTION_WORDS.contains(&t.as_str()) && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// What is stored for a report: its title's and story's terms, space-separated.
pub fn document(title: &str, body: &str) -> String {
    let mut t = terms(title);
    for w in terms(body) {
        if !t.contains(&w) {
            t.push(w);
        }
    }
    t.join(" ")
}

/// The most terms a query uses (a search is a few words, not a story).
pub const QUERY_TERMS_MAX: usize = 8;

/// A query's terms: every one must be found, as a whole word.
pub fn query(q: &str) -> Vec<String> {
    let mut t = terms(q);
    t.truncate(QUERY_TERMS_MAX);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_spellings_accents_and_repeats_become_the_same_terms() {
        assert_eq!(
            terms("Jln rusak PARAHHH di Sépempang!!"),
            ["jalan", "rusak", "parah", "sepempang"]
        );
        assert_eq!(terms("jalan jalan yang rusak"), ["jalan", "rusak"]);
        assert_eq!(
            document(
                "Lampu jalan mati",
                "Lampu jalan di depan SD mati sejak seminggu"
            ),
            "lampu jalan mati depan sd sejak seminggu"
        );
    }

    #[test]
    fn a_query_keeps_at_most_a_few_terms() {
        let long = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh";
        assert_eq!(query(long).len(), QUERY_TERMS_MAX);
    }
}
