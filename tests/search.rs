//! Search and facets on the real plan, one test per matching rule.

mod common;

use vigie::core::plan::search::{Query, SearchIndex};
use vigie::core::plan::Plan;
use vigie::core::record::status::Status;
use vigie::core::record::team::Team;
use vigie::core::view::listing::{compute, Facts, MeasureFacts};
use vigie::core::view::route::{Facet, ListState, Sort};

fn found(q: &str) -> Vec<u16> {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let query = Query::parse(q);
    (0..plan.measures.len())
        .filter(|&i| index.matches(i, &query, None))
        .map(|i| i as u16 + 1)
        .collect()
}

#[test]
fn is_case_and_accent_insensitive() {
    assert_eq!(found("METROPOLE"), found("métropole"));
    assert!(found("metropole").contains(&19));
    assert!(found("ETAT").contains(&7), "État");
}

#[test]
fn folds_ligatures() {
    assert_eq!(found("oeuvre"), found("œuvre"));
    assert!(found("oeuvre").contains(&9));
}

#[test]
fn handles_elisions_with_both_apostrophes() {
    assert!(found("ofast").contains(&3), "l'Ofast");
    assert_eq!(found("l'ofast"), found("ofast"));
    assert_eq!(found("l’ofast"), found("ofast"));
}

#[test]
fn matches_word_prefixes_only() {
    assert!(found("douane").contains(&14), "douane");
    assert!(found("douane").contains(&7), "Douanes");
    // "formation" must not match inside "informations" (mesure 2 only says "informations").
    assert!(!found("formation").contains(&2));
    assert!(found("formation").contains(&30));
}

#[test]
fn requires_every_word() {
    let both = found("maroc avoirs");
    assert_eq!(both, [48]);
    assert!(found("maroc").contains(&35));
}

#[test]
fn matches_quoted_phrases_word_for_word() {
    let phrase = found("\"avoirs criminels\"");
    assert!(phrase.contains(&25) && phrase.contains(&31));
    assert!(found("\"criminels avoirs\"").is_empty());
    assert!(found("«chef de file»").contains(&3));
}

#[test]
fn finds_acronyms_through_their_expansion() {
    let hits = found("office anti-stupéfiants");
    assert!(hits.contains(&3), "mesure 3 nomme l’Ofast sans le développer");
    assert!(hits.contains(&12));
    assert!(found("nouveaux produits de synthèse").contains(&38), "NPS");
}

#[test]
fn searches_titles_objectives_and_tags() {
    // Objective 4's title: "Renforcer la saisie des avoirs criminels".
    assert!(found("renforcer saisie").contains(&29));
    assert!(found("coopération internationale").len() >= 15);
}

#[test]
fn highlights_what_matched_including_acronyms_by_expansion() {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let marked = |q: &str, n: u16| -> Vec<String> {
        index
            .highlighter(&Query::parse(q))
            .pieces(&plan.measure(n).unwrap().text)
            .into_iter()
            .filter(|p| p.marked)
            .map(|p| p.text.to_owned())
            .collect()
    };
    assert_eq!(marked("douane", 14), ["douane"]);
    assert_eq!(marked("\"avoirs criminels\"", 31), ["avoirs criminels"]);
    assert_eq!(marked("office anti-stupéfiants", 3), ["Ofast"]);
    assert_eq!(marked("OFAST", 3), ["Ofast"]);
    // One or two letters filter but mark nothing: "de" would light up
    // every "de", "des", "décision"…
    assert_eq!(marked("douane de", 14), ["douane"]);
    assert!(marked("o", 3).is_empty());
    assert!(marked("of", 3).is_empty());
    assert_eq!(marked("ofa", 3), ["Ofast"]);
}

#[test]
fn highlight_pieces_rebuild_the_text() {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let h = index.highlighter(&Query::parse("de la"));
    for m in &plan.measures {
        let joined: String = h.pieces(&m.text).iter().map(|p| p.text).collect();
        assert_eq!(joined, m.text);
    }
}

fn listing(state: &ListState, facts: &[MeasureFacts]) -> vigie::core::view::listing::Listing {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let query = index.query(&state.query);
    compute(&plan, &index, state, &query, &Facts::new(&plan, facts.to_vec(), &Team::default()))
}

fn state(q: &str, filters: &[(Facet, &str)]) -> ListState {
    filters
        .iter()
        .fold(ListState { query: q.into(), ..Default::default() }, |s, (f, id)| s.toggled(*f, id))
}

fn count(l: &vigie::core::view::listing::Listing, facet: Facet, id: &str) -> usize {
    let plan = Plan::bundled();
    let facts = Facts::new(&plan, Vec::new(), &Team::default());
    let i = facts.options(facet).iter().position(|(o, _)| o == id).unwrap();
    l.facets.iter().find(|f| f.facet == facet).unwrap().options[i].count
}

#[test]
fn no_filter_shows_everything_in_order() {
    let l = listing(&ListState::default(), &[]);
    assert_eq!(l.visible, (1..=55).collect::<Vec<u16>>());
    assert_eq!(count(&l, Facet::Objective, "5"), 15);
    assert_eq!(count(&l, Facet::Status, "non_evaluee"), 55);
}

#[test]
fn values_of_one_facet_combine_with_or_and_facets_with_and() {
    let one = listing(&state("", &[(Facet::Objective, "3")]), &[]);
    assert_eq!(one.visible, [24, 25, 26, 27, 28]);
    let two = listing(&state("", &[(Facet::Objective, "3"), (Facet::Objective, "4")]), &[]);
    assert_eq!(two.visible.len(), 10);
    let and = listing(&state("", &[(Facet::Objective, "5"), (Facet::Place, "maroc")]), &[]);
    assert_eq!(and.visible, [35, 48]);
}

#[test]
fn facet_counts_follow_the_search_and_the_other_facets() {
    let l = listing(&state("maroc", &[(Facet::Objective, "5")]), &[]);
    assert_eq!(l.visible, [35, 48]);
    // Within the ticked facet, the other values count what they would add.
    assert_eq!(count(&l, Facet::Objective, "5"), 2);
    assert_eq!(count(&l, Facet::Objective, "1"), 0);
    // Other facets count within the current result.
    assert_eq!(count(&l, Facet::Place, "maroc"), 2);
    assert_eq!(count(&l, Facet::Place, "chine"), 0);
}

#[test]
fn status_facet_and_sorts_use_the_annotations() {
    let mut facts = vec![MeasureFacts::default(); 55];
    facts[16].status = Status::EnDifficulte;
    let stamp = |ms| vigie::core::record::stamp::Stamp { ms, ..Default::default() };
    facts[16].due = vigie::core::date::IsoDate::parse("2026-12-01");
    facts[4].status = Status::Realisee;
    facts[4].updated = Some(stamp(2));
    facts[9].due = vigie::core::date::IsoDate::parse("2026-01-15");
    facts[9].updated = Some(stamp(5));
    let l = listing(&state("", &[(Facet::Status, "en_difficulte")]), &facts);
    assert_eq!(l.visible, [17]);
    let by_status = listing(&ListState { sort: Sort::Status, ..Default::default() }, &facts);
    assert_eq!(by_status.visible[0], 17);
    assert_eq!(*by_status.visible.last().unwrap(), 5);
    let by_due = listing(&ListState { sort: Sort::Due, ..Default::default() }, &facts);
    assert_eq!(&by_due.visible[..3], [10, 17, 1]);
    let by_update = listing(&ListState { sort: Sort::Updated, ..Default::default() }, &facts);
    assert_eq!(&by_update.visible[..3], [10, 5, 1]);
}

#[test]
fn notes_are_searchable() {
    let mut facts = vec![MeasureFacts::default(); 55];
    facts[41].words = vigie::core::plan::text::words("Réunion à La Haye prévue");
    assert_eq!(listing(&state("haye", &[]), &facts).visible, [42]);
}

#[test]
fn a_hyphenated_word_is_a_phrase_of_its_parts() {
    // "anti" alone would also match "antidrogue"; "anti-stupéfiants" must not.
    assert!(!found("anti-stupéfiants").contains(&45), "Cifad : « anti-drogue »");
    assert!(found("anti").contains(&45));
    assert!(found("anti-stup").contains(&1), "last part matches by prefix while typing");
    assert_eq!(found("ceclad-m"), [43]);
}

#[test]
fn measures_group_under_their_objective_in_plan_order_only() {
    let plan = Plan::bundled();
    let groups = vigie::core::view::listing::groups(&plan, &[1, 2, 9, 10, 30], true);
    let objectives: Vec<Option<u8>> = groups.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        objectives.len(),
        objectives.iter().collect::<std::collections::BTreeSet<_>>().len()
    );
    assert_eq!(groups.iter().map(|(_, m)| m.len()).sum::<usize>(), 5);
    assert_eq!(groups[0].1[0], 1);
    assert_eq!(vigie::core::view::listing::groups(&plan, &[30, 1], false), [(None, vec![30, 1])]);
}

#[test]
fn singular_and_plural_find_the_same_measures() {
    assert_eq!(found("saisies"), found("saisie"));
    assert!(found("saisie").len() >= 9, "{:?}", found("saisie"));
    assert_eq!(found("réseaux"), found("réseau"));
    assert_eq!(found("internationaux"), found("international"));
}

/// The words `q` highlights in measure `n`'s text.
fn marked_in(q: &str, n: u16) -> Vec<String> {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let highlighter = index.highlighter(&Query::parse(q));
    let text = &plan.measure(n).unwrap().text;
    highlighter.pieces(text).into_iter().filter(|p| p.marked).map(|p| p.text.to_owned()).collect()
}

#[test]
fn a_plural_query_highlights_whole_words() {
    assert_eq!(marked_in("saisies", 12), ["saisies"]);
    assert_eq!(marked_in("saisie", 48), ["saisies"]);
}

#[test]
fn ou_and_bar_mean_either_and_a_dash_excludes() {
    let maroc = found("maroc");
    let chine = found("chine");
    let either = found("maroc OU chine");
    assert_eq!(either, found("maroc | chine"));
    assert_eq!(either, found("maroc|chine"));
    for n in maroc.iter().chain(&chine) {
        assert!(either.contains(n), "{n}");
    }
    assert_eq!(either.len(), maroc.len() + chine.len());
    // Lower-case "ou" is a word of the plan, not an operator.
    assert!(found("maroc ou chine").is_empty());
    let without = found("coopération -blanchiment");
    assert!(!without.is_empty());
    assert!(without.iter().all(|n| !found("blanchiment").contains(n)));
    assert!(without.iter().all(|n| found("coopération").contains(n)));
    assert!(!found("-\"plan mules\" mules").contains(&20));
}

#[test]
fn every_spelling_of_an_acronym_finds_its_measures() {
    for q in ["MILDECA", "Midelca", "mildeca", "mission interministérielle"] {
        assert!(found(q).contains(&6), "{q}");
    }
    for q in ["FIPD", "FIP", "fonds interministériel"] {
        assert!(found(q).contains(&23), "{q}");
    }
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let named: Vec<&str> = index
        .named_acronyms(&Query::parse("OCRTIS"))
        .into_iter()
        .map(|g| plan.glossary[g].term.as_str())
        .collect();
    assert_eq!(named, ["OCRTIS"]);
    assert_eq!(
        index.named_acronyms(&Query::parse("Octris")),
        index.named_acronyms(&Query::parse("ocrtis"))
    );
    assert_eq!(marked_in("MILDECA", 6), ["Midelca"]);
}

#[test]
fn own_text_ranks_first_across_the_whole_list() {
    assert!(found("Guyane").contains(&20));
    let listed = listing(&state("coopération", &[]), &[]).visible;
    let at = |n: u16| listed.iter().position(|&m| m == n).unwrap();
    // 36 says "coopération"; 35 is found only through its objective and theme.
    assert!(at(36) < at(35), "{listed:?}");
    assert!(at(34) < at(35));
    // « avoirs »: 48 (objective 5) says it; 29 (objective 4) only through its
    // objective's title: relevance, not objectives, orders the list.
    let avoirs = listing(&state("avoirs", &[]), &[]);
    assert!(avoirs.ranked);
    let at = |n: u16| avoirs.visible.iter().position(|&m| m == n).unwrap();
    assert!(at(48) < at(29), "{:?}", avoirs.visible);
    // Within a tier, plan order.
    assert_eq!(&avoirs.visible[..6], [25, 31, 32, 33, 46, 48]);
}

#[test]
fn one_or_two_letters_filter_in_plan_order() {
    assert!(!listing(&state("co", &[]), &[]).ranked);
    // « co » finds 35 through its objective's « coopération » only: it stays
    // in its place while the first letters are typed, as 34 and 36 do.
    for q in ["c", "co"] {
        let listed = listing(&state(q, &[]), &[]).visible;
        assert!(listed.contains(&35), "{q}");
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "{q}: {listed:?}");
    }
    let listed = listing(&state("coo", &[]), &[]).visible;
    let at = |n: u16| listed.iter().position(|&m| m == n).unwrap();
    assert!(at(36) < at(35), "{listed:?}");
}

#[test]
fn overdue_is_a_status_value_that_combines_with_the_others() {
    let mut facts = vec![MeasureFacts::default(); 55];
    facts[11].status = Status::EnCours;
    facts[11].overdue = true;
    facts[16].status = Status::EnDifficulte;
    let overdue = vigie::core::view::listing::OVERDUE;
    let l = listing(&state("", &[(Facet::Status, overdue)]), &facts);
    assert_eq!(l.visible, [12]);
    assert_eq!(count(&l, Facet::Status, overdue), 1);
    // Within a facet, values are either-or: late, or in difficulty.
    let l =
        listing(&state("", &[(Facet::Status, overdue), (Facet::Status, "en_difficulte")]), &facts);
    assert_eq!(l.visible, [12, 17]);
}

#[test]
fn the_facts_say_a_measure_is_overdue_only_while_open() {
    use vigie::core::date::IsoDate;
    use vigie::core::record::annotations::Change;
    let plan = Plan::bundled();
    let mut tab = common::Tab::new(&plan, 1, common::claire(), 1_790_000_000_000);
    let today = IsoDate::parse("2026-12-01").unwrap();
    tab.edit(&plan, 12, Change::Due(IsoDate::parse("2026-11-30")));
    tab.edit(&plan, 13, Change::Due(IsoDate::parse("2026-11-30")));
    tab.edit(&plan, 13, Change::Status(Status::Realisee));
    tab.edit(&plan, 14, Change::Due(IsoDate::parse("2026-12-01")));
    let facts =
        vigie::core::view::listing::facts(&plan, tab.doc.annotations(), tab.doc.team(), today);
    assert!(facts.measures[11].overdue);
    assert!(!facts.measures[12].overdue, "done is never late");
    assert!(!facts.measures[13].overdue, "due today is not late yet");
    assert!(!facts.measures[0].overdue);
}

fn with_pilotes(pilotes: &[(usize, &str)]) -> Vec<MeasureFacts> {
    let mut facts = vec![MeasureFacts::default(); 55];
    for &(n, p) in pilotes {
        facts[n - 1].pilote = vigie::core::view::listing::Pilote::new(p, &Team::default());
    }
    facts
}

#[test]
fn pilotes_are_a_facet_whatever_their_case_or_punctuation() {
    let facts = with_pilotes(&[
        (3, "Ofast"),
        (5, "OFAST"),
        (20, "Ofast"),
        (12, "DGDDI / DNRED"),
        (40, "  "),
    ]);
    let l = listing(&ListState::default(), &facts);
    let pilote = l.facets.iter().find(|f| f.facet == Facet::Pilote).unwrap();
    let folded = Facts::new(&Plan::bundled(), facts.clone(), &Team::default());
    let options: Vec<(&str, &str, usize)> = folded
        .options(Facet::Pilote)
        .iter()
        .zip(&pilote.options)
        .map(|((id, label), o)| (id.as_str(), label.as_str(), o.count))
        .collect();
    // The spelling most measures use names the value; a blank pilote is none.
    assert_eq!(
        options,
        [
            ("dgddi-dnred", "DGDDI / DNRED", 1),
            ("ofast", "Ofast", 3),
            ("sans-pilote", "Sans pilote", 51)
        ]
    );
    let l = listing(&state("", &[(Facet::Pilote, "ofast")]), &facts);
    assert_eq!(l.visible, [3, 5, 20]);
    let l = listing(&state("", &[(Facet::Pilote, "ofast"), (Facet::Objective, "1")]), &facts);
    assert_eq!(l.visible, [3, 5]);
}

#[test]
fn my_measures_are_those_led_by_my_name_or_my_service() {
    use vigie::core::view::listing::mine;
    assert_eq!(mine(&Default::default(), &Team::default()), None, "nobody named, no shortcut");
    let me = common::claire(); // Claire Martin, Ofast
    let facts = with_pilotes(&[(3, "OFAST"), (7, "claire martin"), (8, "Karim Benali")]);
    let l = listing(&mine(&me, &Team::default()).unwrap(), &facts);
    assert_eq!(l.visible, [3, 7]);
    // Before anyone names me pilote, the shortcut shows nothing, not everything.
    let l = listing(&mine(&me, &Team::default()).unwrap(), &with_pilotes(&[(8, "Karim Benali")]));
    assert!(l.visible.is_empty());
}

/// A keystroke that replaces the list builds a screenful first; one that
/// narrows it shows the whole result at once.
#[test]
fn a_replaced_list_is_built_a_few_cards_at_a_time() {
    use vigie::core::view::listing::shown_next;
    let on_screen: Vec<u16> = (1..=55).collect();
    // Narrowing builds nothing: all of it shows at once.
    assert_eq!(shown_next(&on_screen, &[3, 17, 40], 12), 3);
    // Moving cards builds nothing either.
    assert_eq!(shown_next(&on_screen, &[40, 3, 17], 12), 3);
    // 100 new cards: the first 12, then 12 more at each step.
    let wanted: Vec<u16> = (101..=200).collect();
    assert_eq!(shown_next(&on_screen, &wanted, 12), 12);
    assert_eq!(shown_next(&wanted[..12], &wanted, 12), 24);
    // Cards already there do not count against the step.
    let mixed = [1, 101, 2, 102, 3];
    assert_eq!(shown_next(&on_screen, &mixed, 1), 3);
}

mod shown_next_laws {
    use proptest::prelude::*;
    use vigie::core::view::listing::shown_next;

    proptest! {
        /// Each render builds at most `step` cards, shows as many as that
        /// allows, and the list is whole after enough steps.
        #[test]
        fn builds_at_most_a_step_and_completes(
            previous in proptest::collection::vec(1u16..300, 0..120),
            wanted in proptest::collection::hash_set(1u16..300, 0..120),
            step in 1usize..40,
        ) {
            let wanted: Vec<u16> = wanted.into_iter().collect();
            let new = |shown: &[u16], prev: &[u16]| shown.iter().filter(|n| !prev.contains(n)).count();
            let n = shown_next(&previous, &wanted, step);
            prop_assert!(new(&wanted[..n], &previous) <= step);
            if n < wanted.len() {
                prop_assert!(new(&wanted[..=n], &previous) > step);
            }
            let mut shown = previous.clone();
            for _ in 0..=wanted.len().div_ceil(step) {
                let n = shown_next(&shown, &wanted, step);
                shown = wanted[..n].to_vec();
            }
            prop_assert_eq!(shown, wanted);
        }
    }
}

/// What officials type, one service at a time, and what the plan must
/// answer: the measures a query must find (from the text), must not find,
/// and must show first. The query log in `docs/curation.md` §11 says why.
/// (service, query, must find, must not find, first)
type Case = (&'static str, &'static str, &'static [u16], &'static [u16], &'static [u16]);

#[rustfmt::skip]
const QUERIES: &[Case] = &[
    // (service, query, must find, must not find, first)
    ("police", "narcotrafic", &[6, 7, 22, 25, 27], &[], &[]),
    ("police", "narcotrafiquants", &[25, 27], &[], &[]),
    ("police", "drogue", &[3, 22, 25, 38, 43, 45], &[], &[]),
    ("police", "stupéfiants", &[1, 22, 43, 45], &[], &[1]),
    ("police", "dealer", &[5, 16, 18], &[], &[]),
    ("police", "dealers", &[5, 16, 18], &[], &[]),
    ("police", "point de deal", &[5], &[], &[5]),
    ("police", "four", &[5, 16, 18], &[], &[]),
    ("police", "guetteurs", &[16, 18], &[], &[]),
    ("police", "consommateurs", &[6, 18], &[], &[]),
    ("police", "go fast", &[10, 11], &[], &[]),
    ("police", "go-fast", &[10, 11], &[], &[]),
    ("police", "gofast", &[10, 11], &[], &[]),
    ("police", "indicateurs", &[1, 3], &[], &[]),
    ("police", "cibles prioritaires", &[17], &[], &[17]),
    ("police", "caïd", &[17], &[], &[17]),
    ("police", "crime organisé", &[55], &[], &[55]),
    ("police", "mafia", &[55], &[], &[55]),
    ("police", "policiers", &[2, 18], &[], &[18]),
    ("police", "policière", &[18], &[], &[18]),
    ("police", "DGPN", &[2, 18], &[], &[]),
    ("police", "PSQ", &[9, 18], &[], &[]),
    ("police", "police de sécurité du quotidien", &[18], &[], &[18]),
    ("police", "CRS", &[22], &[], &[22]),
    ("police", "caméras", &[11], &[], &[11]),
    ("police", "dénonciation", &[16], &[], &[16]),
    ("police", "PJ", &[21, 51], &[], &[]),
    ("police", "enquêteurs", &[21, 51, 52], &[], &[]),
    ("gendarmerie", "gendarme", &[2, 14, 22], &[], &[]),
    ("gendarmerie", "gendarmes", &[2, 14, 22], &[], &[2]),
    ("gendarmerie", "DGGN", &[2, 14, 22], &[], &[]),
    ("gendarmerie", "gendarmes mobiles", &[22], &[], &[22]),
    ("gendarmerie", "plantation", &[19], &[], &[]),
    ("gendarmerie", "résine", &[19], &[], &[]),
    ("gendarmerie", "zamal", &[19], &[], &[]),
    ("gendarmerie", "préfecture", &[9, 23], &[], &[]),
    ("gendarmerie", "maire", &[15, 18, 22], &[], &[]),
    ("gendarmerie", "RATP", &[15], &[], &[15]),
    ("gendarmerie", "Lapi", &[11], &[], &[11]),
    ("gendarmerie", "métropole", &[14, 19, 20], &[], &[]),
    ("gendarmerie", "Marseille", &[14], &[], &[14]),
    ("douane", "douaniers", &[7, 14, 20], &[], &[]),
    ("douane", "DGDDI", &[7, 14, 20], &[], &[]),
    ("douane", "DNRED", &[14, 20], &[], &[]),
    ("douane", "container", &[12], &[], &[12]),
    ("douane", "portuaire", &[12], &[], &[12]),
    ("douane", "colis", &[13], &[], &[13]),
    ("douane", "bouletteurs", &[20, 54], &[], &[]),
    ("douane", "Roissy", &[54], &[], &[54]),
    ("douane", "PAF", &[20, 23, 54], &[], &[]),
    ("douane", "maritime", &[7], &[], &[7]),
    ("douane", "SGMer", &[7], &[], &[7]),
    ("douane", "secrétaire général de la mer", &[7], &[], &[7]),
    ("douane", "frontière", &[20, 23], &[], &[]),
    ("douane", "anti-drogue", &[3, 43, 45], &[1], &[]),
    ("douane", "antidrogue", &[3, 43, 45], &[1], &[]),
    ("douane", "anti drogue", &[3, 43, 45], &[], &[3, 43, 45]),
    ("justice", "TSE", &[52], &[], &[52]),
    ("justice", "écoutes", &[51, 52], &[], &[]),
    ("justice", "sonorisation", &[52], &[], &[]),
    ("justice", "messagerie chiffrée", &[51], &[], &[51]),
    ("justice", "EncroChat", &[51], &[], &[51]),
    ("justice", "procureur", &[9], &[], &[9]),
    ("justice", "JIRS", &[3, 9], &[], &[]),
    ("justice", "parquet", &[3, 9], &[], &[]),
    ("justice", "argent sale", &[24, 26, 27], &[], &[]),
    ("justice", "blanchiment d'argent", &[26], &[], &[]),
    ("justice", "hawala", &[26], &[], &[26]),
    ("justice", "Tracfin", &[26], &[], &[]),
    ("justice", "économie parallèle", &[25], &[], &[25]),
    ("justice", "AGRASC", &[29, 31], &[], &[]),
    ("justice", "confiscation", &[29, 31], &[], &[]),
    ("justice", "interdiction de paraître", &[23], &[], &[23]),
    ("justice", "HLM", &[15, 23], &[], &[]),
    ("justice", "cité", &[16, 22], &[], &[]),
    ("justice", "quartiers", &[16, 22], &[], &[]),
    ("justice", "GIR", &[25], &[], &[25]),
    ("affaires étrangères", "Europe", &[35, 36, 37, 39, 41], &[], &[]),
    ("affaires étrangères", "Union européenne", &[41], &[], &[]),
    ("affaires étrangères", "Belgique", &[36], &[], &[36]),
    ("affaires étrangères", "Pays-Bas", &[36], &[], &[36]),
    ("affaires étrangères", "Algérie", &[47], &[], &[47]),
    ("affaires étrangères", "Maghreb", &[35, 47, 48], &[], &[47]),
    ("affaires étrangères", "Émirats", &[47], &[], &[47]),
    ("affaires étrangères", "Asie", &[38], &[], &[38]),
    ("affaires étrangères", "Colombie", &[44, 45], &[], &[]),
    ("affaires étrangères", "Amérique latine", &[20, 44, 45], &[], &[]),
    ("affaires étrangères", "Caraïbe", &[35, 37, 45], &[], &[35]),
    ("affaires étrangères", "Caraïbes", &[35, 37, 45], &[], &[35]),
    ("affaires étrangères", "Martinique", &[45], &[], &[]),
    ("affaires étrangères", "Cayenne", &[20], &[], &[20]),
    ("affaires étrangères", "outre-mer", &[7, 19, 20, 45], &[], &[]),
    ("affaires étrangères", "DOM", &[7, 19, 20, 45], &[37, 38], &[]),
    ("affaires étrangères", "Interpol", &[40, 42], &[], &[]),
    ("affaires étrangères", "ASI", &[44], &[], &[44]),
    ("affaires étrangères", "attaché de sécurité intérieure", &[44], &[], &[44]),
    ("affaires étrangères", "diplomatie", &[42], &[], &[42]),
    ("affaires étrangères", "pays de transit", &[34], &[], &[34]),
    ("affaires étrangères", "cocaïne", &[20, 35, 37, 44], &[], &[]),
    ("affaires étrangères", "internationale", &[27, 33, 46, 53], &[], &[]),
    ("affaires étrangères", "internationaux", &[27, 33, 46, 53], &[], &[]),
    ("affaires étrangères", "NPS", &[38], &[], &[38]),
    ("prévention", "MILDECA", &[6], &[], &[6]),
    ("prévention", "MILDT", &[6], &[], &[6]),
    ("prévention", "addiction", &[6], &[], &[6]),
    ("prévention", "toxicomanie", &[6], &[], &[6]),
    ("prévention", "MDMA", &[38], &[], &[38]),
    ("prévention", "synthétique", &[38], &[], &[38]),
    ("prévention", "OFDT", &[2, 4, 6], &[], &[]),
    ("prévention", "prévention", &[23], &[], &[23]),
    ("prévention", "budget", &[52, 53], &[], &[]),
    ("prévention", "effectifs", &[49], &[], &[]),
    ("prévention", "darknet", &[8], &[], &[8]),
    ("prévention", "réseaux sociaux", &[8], &[], &[8]),
    ("prévention", "COPIL", &[7], &[], &[7]),
    ("prévention", "fichier", &[2, 21], &[], &[21]),
    ("prévention", "statistiques", &[2], &[], &[]),
];

#[test]
fn what_officials_type_finds_what_the_plan_says() {
    assert!(QUERIES.len() >= 80, "{} queries", QUERIES.len());
    let mut failures = Vec::new();
    for &(who, q, must, not, first) in QUERIES {
        let l = listing(&state(q, &[]), &[]);
        let missing: Vec<&u16> = must.iter().filter(|n| !l.visible.contains(n)).collect();
        let wrong: Vec<&u16> = not.iter().filter(|n| l.visible.contains(n)).collect();
        let mut head = l.visible[..first.len().min(l.visible.len())].to_vec();
        head.sort_unstable();
        let mut expected = first.to_vec();
        expected.sort_unstable();
        if !missing.is_empty() || !wrong.is_empty() || head != expected || l.partial.is_some() {
            failures.push(format!(
                "{who}: « {q} » gives {:?} (missing {missing:?}, wrongly {wrong:?}, first {head:?})",
                l.visible
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_thesaurus_hit_says_how_it_was_found() {
    let plan = Plan::bundled();
    let index = SearchIndex::new(&plan);
    let by = |q: &str, n: u16| {
        vigie::core::plan::thesaurus::found_by(&index, usize::from(n) - 1, &index.query(q), None)
    };
    assert_eq!(
        by("narcotrafic", 25),
        ["trafic de stupéfiants (synonyme de «\u{202f}narcotrafic\u{202f}»)"]
    );
    assert_eq!(
        by("cocaïne", 37),
        ["République dominicaine (notion liée à «\u{202f}cocaïne\u{202f}»)"]
    );
    assert_eq!(by("go fast", 11), ["contrôle des flux (notion liée à «\u{202f}go fast\u{202f}»)"]);
    // One side of `OU` is named, not the whole clause.
    assert_eq!(
        by("narcotrafic OU cannabis", 25),
        ["trafic de stupéfiants (synonyme de «\u{202f}narcotrafic\u{202f}»)"]
    );
    // A measure that has the typed word itself says nothing.
    assert!(by("stupéfiants", 1).is_empty());
    // The plan's words the thesaurus led to are highlighted.
    let marked: Vec<String> = index
        .highlighter(&index.query("narcotrafic"))
        .pieces(&plan.measure(25).unwrap().text)
        .into_iter()
        .filter(|p| p.marked)
        .map(|p| p.text.to_owned())
        .collect();
    assert_eq!(marked, ["trafic de stupéfiants"]);
}

#[test]
fn when_no_measure_has_every_word_those_with_the_most_come_with_a_line() {
    let l = listing(&state("avoirs Maroc Zanzibar", &[]), &[]);
    assert_eq!(l.visible, [48]);
    let partial = l.partial.expect("a partial answer");
    assert_eq!(partial.missing, ["Zanzibar"]);
    assert_eq!(
        vigie::core::wording::partial_answer(&partial),
        "Aucune mesure ne contient «\u{202f}Zanzibar\u{202f}»\u{202f}; voici celles qui contiennent les autres mots."
    );
    // Each word somewhere, never together: the measures with either.
    let l = listing(&state("maroc cannabis", &[]), &[]);
    assert!(l.partial.as_ref().is_some_and(|p| p.missing.is_empty()));
    for n in [19, 35, 48] {
        assert!(l.visible.contains(&n), "{n}: {:?}", l.visible);
    }
    // Quotes, `OU` and `-mot` keep their meaning.
    let l = listing(&state("\"plan mules\" Zanzibar", &[]), &[]);
    assert_eq!(
        (l.visible.as_slice(), l.partial.map(|p| p.missing)),
        (&[20][..], Some(vec!["Zanzibar".to_owned()]))
    );
    assert_eq!(listing(&state("maroc -avoirs Zanzibar", &[]), &[]).visible, [35]);
    let l = listing(&state("Zanzibar OU Tombouctou maroc", &[]), &[]);
    assert_eq!(l.partial.map(|p| p.missing), Some(vec!["Zanzibar OU Tombouctou".to_owned()]));
    // One word that nothing has: no answer, and no partial one.
    let l = listing(&state("Zanzibar", &[]), &[]);
    assert!(l.visible.is_empty() && l.partial.is_none());
    // Every word found: no partial line.
    assert!(listing(&state("maroc avoirs", &[]), &[]).partial.is_none());
}

#[test]
fn an_acronym_typed_in_capitals_matches_whole_words_only() {
    let dom = listing(&state("DOM", &[]), &[]).visible;
    assert!(!dom.contains(&37), "« dominicaine »");
    assert!(!dom.contains(&38), "« domaine »");
    // In lower case it is a word start, as any other.
    let dom = listing(&state("dom", &[]), &[]).visible;
    assert!(dom.contains(&37) && dom.contains(&38));
}

#[test]
fn definitions_are_searchable_in_the_last_tier() {
    // « Frontières terrestres ; les ports et les aéroports ont leur propre
    // lieu » defines the place of 20; only that definition says « terrestres ».
    let l = listing(&state("terrestres", &[]), &[]);
    assert!(l.visible.contains(&20), "{:?}", l.visible);
}
