//! How a text of the plan reads on screen: French typography (narrow
//! no-break spaces, typographic apostrophe), search matches, acronyms, and
//! the source's slips marked *[sic]*. Only what is shown changes: the plan's
//! text, its exports and its search keep the source's characters, which is
//! why this works on byte ranges of the verbatim text and typesets each
//! piece with its neighbours in view.

use std::ops::Range;

use crate::core::plan::Erratum;

/// U+202F, the space French puts before `; ! ?` and inside « ».
pub const NARROW_NBSP: char = '\u{202f}';

/// The no-break space before `c`: a full one (U+00A0) before `:` and `%`,
/// as the Imprimerie nationale's rules have it and as every string of Vigie
/// writes it; a narrow one (U+202F) before `; ! ?` and `»`.
fn space_before(c: char) -> char {
    if matches!(c, ':' | '%') {
        '\u{a0}'
    } else {
        NARROW_NBSP
    }
}

/// A piece of a text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Text {
        /// Typeset for reading.
        text: String,
        /// Matched by the search.
        marked: bool,
        /// Spells the glossary entry at this index.
        acronym: Option<usize>,
    },
    /// Goes right after the excerpt of this erratum.
    Sic(&'a Erratum),
}

/// What to mark in a text besides typography.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks<'m, 'a> {
    /// Search matches (byte ranges, sorted, not overlapping).
    pub matches: &'m [Range<usize>],
    /// Acronyms with their glossary entry (byte ranges, sorted).
    pub acronyms: &'m [(Range<usize>, usize)],
    pub errata: &'m [&'a Erratum],
}

/// `text` cut at every mark, each piece typeset.
pub fn segments<'a>(text: &str, marks: Marks<'_, 'a>) -> Vec<Segment<'a>> {
    let sics: Vec<(usize, &'a Erratum)> = marks
        .errata
        .iter()
        .filter_map(|e| text.find(e.excerpt.as_str()).map(|at| (at + e.excerpt.len(), *e)))
        .collect();
    let mut cuts = vec![0, text.len()];
    for r in marks.matches.iter().chain(marks.acronyms.iter().map(|(r, _)| r)) {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    for (at, _) in &sics {
        cuts.push(*at);
    }
    let cuts = crate::core::order::sorted_set(cuts);
    let mut out = Vec::with_capacity(cuts.len() + sics.len());
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        out.push(Segment::Text {
            text: typeset(text, start..end),
            marked: marks.matches.iter().any(|r| r.start <= start && end <= r.end),
            acronym: marks
                .acronyms
                .iter()
                .find(|(r, _)| r.start <= start && end <= r.end)
                .map(|(_, g)| *g),
        });
        out.extend(sics.iter().filter(|(at, _)| *at == end).map(|(_, e)| Segment::Sic(e)));
    }
    if text.is_empty() {
        out.extend(sics.iter().map(|(_, e)| Segment::Sic(e)));
    }
    out
}

/// A whole text typeset for reading (see [`typeset`]).
pub fn typeset_all(text: &str) -> String {
    typeset(text, 0..text.len())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | NARROW_NBSP | '\t' | '\n')
}

fn wants_space_before(c: char, prev: Option<char>, next: Option<char>) -> bool {
    match c {
        ';' | '!' | '?' | '»' => true,
        // "100 %": kept on the number's line, but never added ("50%" is
        // as the source wrote it).
        '%' => prev.is_some_and(is_space),
        // Not in "10:30" or "https://".
        ':' => {
            !(prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
                && next != Some('/')
        }
        _ => false,
    }
}

/// `text[range]` in French typography, judged with the characters around
/// the range in view so that a piece typesets as it would inside the whole:
/// a narrow no-break space before `; : ! ?` and `»` and after `«` (replacing
/// a plain space there, adding one where the source has none), and `’` for
/// the straight apostrophe.
pub fn typeset(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(range.len() + 8);
    let mut prev = text[..range.start].chars().next_back();
    let mut rest = text[range.start..].chars().peekable();
    let mut at = range.start;
    while at < range.end {
        let Some(c) = rest.next() else { break };
        let next = rest.peek().copied();
        at += c.len_utf8();
        match c {
            '\'' => out.push('’'),
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !is_space(n)) {
                    out.push(NARROW_NBSP);
                }
            }
            c if is_space(c) => {
                let mark = next.filter(|&n| wants_space_before(n, Some(c), None));
                if let Some(mark) = mark {
                    out.push(space_before(mark));
                } else if prev == Some('«') {
                    out.push(NARROW_NBSP);
                } else {
                    out.push(c);
                }
            }
            c if wants_space_before(c, prev, next) => {
                if prev.is_some_and(|p| !is_space(p) && p != '«') {
                    out.push(space_before(c));
                }
                out.push(c);
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::TextPart;

    const N: char = NARROW_NBSP;

    #[test]
    fn adds_or_narrows_the_space_before_high_punctuation() {
        assert_eq!(typeset_all("menace. ;"), format!("menace.{N};"));
        assert_eq!(typeset_all("le plan: 55 mesures!"), format!("le plan\u{a0}: 55 mesures{N}!"));
        assert_eq!(typeset_all("couvrir 100 % du"), "couvrir 100\u{a0}% du");
        assert_eq!(typeset_all("50%"), "50%");
        assert_eq!(typeset_all("à 10:30, https://x.fr"), "à 10:30, https://x.fr");
    }

    #[test]
    fn guillemets_get_narrow_spaces_inside() {
        assert_eq!(typeset_all("un «plan mules»,"), format!("un «{N}plan mules{N}»,"));
        assert_eq!(typeset_all("« déjà »"), format!("«{N}déjà{N}»"));
    }

    #[test]
    fn apostrophes_become_typographic() {
        assert_eq!(typeset_all("l'Ofast d'État"), "l’Ofast d’État");
    }

    #[test]
    fn a_piece_typesets_as_it_would_inside_the_whole() {
        let text = "du «plan» ; fin";
        let whole = typeset_all(text);
        for cut in (1..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let joined = typeset(text, 0..cut) + &typeset(text, cut..text.len());
            assert_eq!(joined, whole, "cut at {cut}");
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one match is what the test needs
    fn segments_mark_matches_acronyms_and_sic_without_losing_text() {
        let erratum = Erratum {
            part: TextPart::Measure(1),
            excerpt: "de douanes".into(),
            correction: "des douanes".into(),
        };
        let text = "le directeur de douanes et l'Ofast";
        let at = text.find("Ofast").unwrap();
        let segments = segments(
            text,
            Marks { matches: &[3..12], acronyms: &[(at..at + 5, 4)], errata: &[&erratum] },
        );
        let shown: String = segments
            .iter()
            .map(|s| match s {
                Segment::Text { text, .. } => text.clone(),
                Segment::Sic(_) => "[sic]".into(),
            })
            .collect();
        assert_eq!(shown, "le directeur de douanes[sic] et l’Ofast");
        assert!(segments.contains(&Segment::Text {
            text: "directeur".into(),
            marked: true,
            acronym: None
        }));
        assert!(segments.contains(&Segment::Text {
            text: "Ofast".into(),
            marked: false,
            acronym: Some(4)
        }));
    }
}
