//! French text folding, stemming and tokenisation: the single definition of
//! what a "word" is, shared by search, highlighting and the glossary, so that
//! what matches is always what gets highlighted.

use std::ops::Range;

/// A word of some text: where it sits in the original (byte offsets, for
/// highlighting) and its folded form (for matching).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub folded: String,
    /// On the first word of a hyphenated compound ("anti-drogue"): how many
    /// words it spans and the compound written as one word ("antidrogue"),
    /// so that hyphen, space and nothing are one.
    pub compound: Option<(usize, String)>,
}

/// Lower-cases and strips French diacritics and ligatures, so that
/// "Œuvre", "oeuvre" and "ŒUVRE" compare equal. Hand-written over the Latin
/// letters French uses: a Unicode normalisation crate would cost tens of KB
/// of tables in the bundle for letters the plan never contains.
pub fn fold_into(c: char, out: &mut String) {
    match lowercase(c) {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
        'ç' => out.push('c'),
        'é' | 'è' | 'ê' | 'ë' => out.push('e'),
        'î' | 'ï' | 'í' | 'ì' => out.push('i'),
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
        'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
        'ÿ' | 'ý' => out.push('y'),
        'ñ' => out.push('n'),
        'œ' => out.push_str("oe"),
        'æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        other => out.push(other),
    }
}

/// The lower case of a letter of the Latin, Greek and Cyrillic alphabets;
/// any other character as it is. Written out rather than `char::to_lowercase`,
/// whose tables for all of Unicode weigh about 10 KB in the WebAssembly.
pub fn lowercase(c: char) -> char {
    let code = u32::from(c);
    let lower = match code {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => code + 0x20,
        // Latin Extended-A pairs an upper case letter with the next code,
        // even first, then odd first from Ĺ to Ň and from Ź to Ž.
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17e if code % 2 == 1 => code + 1,
        0x130 => 0x69,
        0x178 => 0xff,
        0x1e9e => 0xdf,
        0x391..=0x3a1 | 0x3a3..=0x3ab => code + 0x20,
        0x410..=0x42f => code + 0x20,
        0x400..=0x40f => code + 0x50,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Folds a whole string (see [`fold_into`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| fold_into(c, &mut out));
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// Elided articles and pronouns: "l'Ofast" is about the Ofast, not about "l".
const ELISIONS: [&str; 12] =
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"];

/// Splits text into words (runs of letters and digits). Apostrophes and
/// hyphens separate words; an elided article before an apostrophe is dropped.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = tokenize_folded(text);
    tokens.iter_mut().for_each(|t| stem(&mut t.folded));
    mark_compounds(text, &mut tokens);
    tokens
}

/// The words of `text` folded but not stemmed, for identifiers that must
/// not change with the stemmer (a pilote's id in addresses, a file name).
pub fn plain_words(text: &str) -> Vec<String> {
    tokenize_folded(text).into_iter().map(|t| t.folded).collect()
}

fn tokenize_folded(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut folded = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            fold_into(c, &mut folded);
        }
        let at_end = !c.is_alphanumeric() || chars.peek().is_none();
        if at_end {
            if let Some(s) = start.take() {
                let end = if c.is_alphanumeric() { i + c.len_utf8() } else { i };
                let elided = is_apostrophe(c) && ELISIONS.contains(&folded.as_str());
                if !elided {
                    let folded = std::mem::take(&mut folded);
                    tokens.push(Token { span: s..end, folded, compound: None });
                }
                folded.clear();
            }
        }
    }
    tokens
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Marks each run of words joined by single hyphens ("anti-drogue",
/// "co-présidées") on its first word, with the run written as one word.
fn mark_compounds(text: &str, tokens: &mut [Token]) {
    let joined = |a: &Token, b: &Token| {
        let gap = &text[a.span.end..b.span.start];
        gap.chars().count() == 1 && gap.chars().all(is_hyphen)
    };
    let mut i = 0;
    while i < tokens.len() {
        let mut end = i + 1;
        while end < tokens.len() && joined(&tokens[end - 1], &tokens[end]) {
            end += 1;
        }
        if end - i > 1 {
            let raw = &text[tokens[i].span.start..tokens[end - 1].span.end];
            tokens[i].compound = Some((end - i, compound(raw)));
        }
        i = end;
    }
}

/// A hyphenated word as one word: "anti-drogue" as "antidrogue" (folded
/// and stemmed).
pub fn compound(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    raw.chars().filter(|c| c.is_alphanumeric()).for_each(|c| fold_into(c, &mut out));
    stem(&mut out);
    out
}

/// A light French stemmer: folds plural, feminine and infinitive endings
/// onto one form, so that "saisies" and "saisie", "réseaux" and "réseau",
/// "internationaux" and "internationale", "policière" and "policiers",
/// "renforcer" and "renforcées" are one word. Applied alike to the text and
/// to queries, so a word it maims ("secteur" → "secteu") only needs to be
/// maimed the same way both times; and a typed word start stays a start
/// of the stems it should find. Written out, after Savoy's light stemmer
/// (Lucene's `FrenchMinimalStemmer`), rather than the Snowball French
/// algorithm: a few hundred bytes of WebAssembly instead of tens of KB, for
/// a plan whose vocabulary needs no more. Words of three letters or fewer
/// ("les", "aux", "NPS") are left alone; below six letters only the plural
/// folds ("ports", "Cross").
pub fn stem(word: &mut String) {
    if word.len() <= 3 {
        return;
    }
    if word.ends_with("eaux") {
        word.pop();
    } else if word.ends_with("aux") {
        word.truncate(word.len() - 3);
        word.push_str("al");
    } else if (word.ends_with('s') && !word.ends_with("ss")) || word.ends_with('x') {
        word.pop();
    }
    if word.len() < 6 {
        return;
    }
    for (feminine, masculine) in
        [("iere", "ier"), ("ive", "if"), ("euse", "eur"), ("trice", "teur")]
    {
        if let Some(root) = word.strip_suffix(feminine) {
            let len = root.len();
            word.truncate(len);
            word.push_str(masculine);
            break;
        }
    }
    if word.ends_with('r') {
        word.pop();
    }
    for _ in 0..2 {
        if word.ends_with('e') {
            word.pop();
        }
    }
    let mut last = word.chars().rev();
    if let (Some(a), Some(b)) = (last.next(), last.next()) {
        if a == b && a.is_alphabetic() {
            word.pop();
        }
    }
}

/// The folded words of a text, without their positions.
pub fn words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.folded).collect()
}

/// The words search looks through: [`words`], then each hyphenated
/// compound written as one word ("antidrogue" for "anti-drogue").
pub fn index_words(text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    let compounds: Vec<String> =
        tokens.iter().filter_map(|t| t.compound.clone()).map(|c| c.1).collect();
    tokens.into_iter().map(|t| t.folded).chain(compounds).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_ligatures_and_case() {
        assert_eq!(fold("Œuvre Été ÇA naïf"), "oeuvre ete ca naif");
    }

    #[test]
    fn lowercase_agrees_with_unicode_on_latin_greek_and_cyrillic() {
        let ranges = [0x20..0x250, 0x370..0x400, 0x400..0x530, 0x1e00..0x1f00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let unicode: Vec<char> = c.to_lowercase().collect();
            let ours = lowercase(c);
            let covered = (0x41..0x17f).contains(&u32::from(c))
                || (0x391..0x3ac).contains(&u32::from(c))
                || (0x400..0x430).contains(&u32::from(c))
                || c == '\u{1e9e}';
            if covered && unicode.len() == 1 {
                assert_eq!(ours, unicode[0], "U+{:04X}", u32::from(c));
            } else if ours != c {
                assert_eq!(unicode.first(), Some(&ours), "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn drops_elisions_with_either_apostrophe() {
        assert_eq!(words("l'Ofast et l’Octris d'État"), ["ofast", "et", "octri", "etat"]);
    }

    #[test]
    fn genders_and_verb_forms_fold_onto_one_stem() {
        for forms in [
            &["internationaux", "internationale", "internationales", "international"][..],
            &["policière", "policiers", "policier"],
            &["criminelle", "criminels", "criminel"],
            &["renforcer", "renforcées", "renforcé"],
            &["répressive", "répressif"],
            &["coordinatrice", "coordinateur"],
            &["européenne", "européens"],
            &["dealer", "deal"],
        ] {
            let first = words(forms[0]);
            for f in forms {
                assert_eq!(words(f), first, "{f}");
            }
        }
        // A word being typed stays a start of the stems it should find.
        assert!(words("douanière")[0].starts_with(&words("douan")[0]));
        assert!(words("gendarmerie")[0].starts_with(&words("gendarmes")[0]));
    }

    #[test]
    fn hyphenated_compounds_are_also_one_word() {
        assert_eq!(index_words("lutte anti-drogue"), ["lutte", "anti", "drogu", "antidrogu"]);
        assert_eq!(words("antidrogue"), [compound("anti-drogue")]);
        assert_eq!(compound("co-présidées"), words("coprésidées")[0]);
        // A dash between spaced words joins nothing.
        assert_eq!(index_words("police – Amon"), ["polic", "amon"]);
        let tokens = tokenize("la Ceclad-M et");
        assert_eq!(tokens[1].compound, Some((2, "cecladm".to_owned())));
    }

    #[test]
    fn plurals_fold_onto_their_singular() {
        for (plural, singular) in [
            ("saisies", "saisie"),
            ("Réseaux", "réseau"),
            ("internationaux", "international"),
            ("trafics", "trafic"),
        ] {
            assert_eq!(words(plural), words(singular), "{plural}");
        }
        assert_eq!(words("les aux NPS Cross"), ["les", "aux", "nps", "cross"]);
    }

    #[test]
    fn keeps_spans_on_the_original_text() {
        let text = "à l’Ofast (office anti-stupéfiants)";
        let spans: Vec<&str> = tokenize(text).iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["à", "Ofast", "office", "anti", "stupéfiants"]);
    }

    #[test]
    fn a_lone_letter_is_a_word_when_not_elided() {
        assert_eq!(words("Ceclad-M"), ["ceclad", "m"]);
        assert_eq!(words("n°1"), ["n", "1"]);
    }
}
