//! The bundled plan against the source text: word for word, numbered right,
//! tagged from its vocabularies, glossary terms present.

use vigie::core::plan::{GlossarySource, Plan};

const SOURCE: &str = include_str!("fixtures/plan-national-stupefiants-2019.txt");

fn plan() -> Plan {
    Plan::bundled()
}

/// `(number, text)` of each line of the source that starts with `prefix N :`.
fn numbered(prefix: &str) -> Vec<(u16, String)> {
    SOURCE
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(prefix)?;
            let (n, text) = rest.split_once(" : ")?;
            Some((n.trim().parse().ok()?, text.to_owned()))
        })
        .collect()
}

#[test]
fn has_six_objectives_and_fifty_five_measures() {
    let plan = plan();
    assert_eq!(plan.objectives.len(), 6);
    assert_eq!(plan.measures.len(), 55);
    assert_eq!(plan.date.to_string(), "2019-09-17");
    assert_eq!(plan.place, "Marseille");
}

#[test]
fn objective_titles_match_the_source_word_for_word() {
    let source = numbered("Objectif n°");
    assert_eq!(source.len(), 6);
    for (n, title) in source {
        assert_eq!(plan().objective(n as u8).unwrap().title, title, "objectif {n}");
    }
}

#[test]
fn measure_texts_match_the_source_word_for_word() {
    let source = numbered("Mesure ");
    assert_eq!(source.len(), 55);
    let plan = plan();
    for (n, text) in source {
        assert_eq!(plan.measure(n).unwrap().text, text, "mesure {n}");
    }
}

#[test]
fn headline_and_introduction_are_verbatim() {
    let plan = plan();
    let mut paragraphs = SOURCE.lines().filter(|l| !l.trim().is_empty());
    assert_eq!(paragraphs.next().unwrap(), plan.headline);
    for intro in &plan.introduction {
        assert_eq!(paragraphs.next().unwrap(), intro);
    }
    assert!(paragraphs.next().unwrap().starts_with("Objectif n°1"));
}

#[test]
fn each_measure_belongs_to_the_objective_heading_it_follows() {
    let plan = plan();
    let mut objective = 0u8;
    for line in SOURCE.lines() {
        if line.starts_with("Objectif n°") {
            objective += 1;
        } else if let Some((n, _)) = line.strip_prefix("Mesure ").and_then(|r| r.split_once(" : "))
        {
            let n: u16 = n.parse().unwrap();
            assert_eq!(plan.measure(n).unwrap().objective, objective, "mesure {n}");
        }
    }
    let per_objective: Vec<usize> = (1..=6).map(|o| plan.measures_of(o).count()).collect();
    assert_eq!(per_objective, [9, 14, 5, 5, 15, 7]);
}

#[test]
fn every_measure_has_a_short_title_and_a_theme() {
    for m in &plan().measures {
        let words = m.short_title.split_whitespace().count();
        assert!((2..=10).contains(&words), "mesure {}: « {} »", m.number, m.short_title);
        assert!(!m.short_title.ends_with('.'));
        assert!(!m.themes.is_empty(), "mesure {} sans thème", m.number);
    }
}

#[test]
fn vocabularies_are_fixed_and_all_used() {
    let plan = plan();
    assert!((10..=15).contains(&plan.themes.len()), "{} thèmes", plan.themes.len());
    for (i, t) in plan.themes.iter().enumerate() {
        let used = plan.measures.iter().any(|m| m.themes.contains(&i));
        assert!(used, "thème inutilisé : {}", t.id);
    }
    for (i, b) in plan.bodies.iter().enumerate() {
        let used = plan.measures.iter().any(|m| m.bodies.contains(&i));
        assert!(used, "acteur inutilisé : {}", b.id);
    }
    for (i, p) in plan.places.iter().enumerate() {
        assert!(plan.measures.iter().any(|m| m.places.contains(&i)), "lieu inutilisé : {}", p.id);
    }
}

#[test]
fn a_tag_outside_its_vocabulary_is_refused() {
    let json = vigie::core::plan::BUNDLED_JSON.replacen(
        "\"themes\": [\n        \"",
        "\"themes\": [\n        \"inconnu-",
        1,
    );
    assert_ne!(
        json,
        vigie::core::plan::BUNDLED_JSON,
        "the replacement must hit a measure's themes"
    );
    let err = Plan::from_json(&json).unwrap_err().to_string();
    assert!(err.contains("absent du vocabulaire"), "{err}");
}

#[test]
fn glossary_covers_the_acronyms_and_each_occurs_in_the_plan() {
    use vigie::core::plan::text::words;
    let plan = plan();
    let source = words(SOURCE);
    for term in [
        "OFAST", "OCRTIS", "CROSS", "Osiris", "MILDECA", "CLCT", "Lapi", "Fnos", "FIPD", "Codaf",
        "GIR", "Amon", "CeCLAD-M", "Cifad", "NPS",
    ] {
        let entry = plan
            .glossary
            .iter()
            .find(|g| g.term == term)
            .unwrap_or_else(|| panic!("{term} absent"));
        assert!(entry.expansion.starts_with(|c: char| c.is_uppercase()), "{term}: capitalised");
        // The plan's own expansion is in its text, word for word (case and
        // apostrophes aside), unless a note says how the official name differs.
        if entry.source == GlossarySource::Plan && entry.note.is_none() {
            let expansion = words(&entry.expansion);
            assert!(
                source.windows(expansion.len()).any(|w| w == expansion.as_slice()),
                "{term}: « {} » n’est pas dans le texte",
                entry.expansion
            );
        }
    }
    let ocrtis = plan.glossary.iter().find(|g| g.term == "OCRTIS").unwrap();
    assert_eq!(ocrtis.source, GlossarySource::Usage);
    let fnos = plan.glossary.iter().find(|g| g.term == "Fnos").unwrap();
    assert!(fnos.expansion.contains("en matière de stupéfiants"), "the official name");
    assert!(fnos.note.as_deref().is_some_and(|n| n.contains("sur les stupéfiants")));
}

#[test]
fn a_glossary_term_absent_from_the_plan_is_refused() {
    let json =
        vigie::core::plan::BUNDLED_JSON.replacen("\"term\": \"OFAST\"", "\"term\": \"Zorglub\"", 1);
    assert!(Plan::from_json(&json).is_err());
}

#[test]
fn measures_know_the_acronyms_they_use() {
    let plan = plan();
    let terms = |n: u16| -> Vec<&str> {
        plan.measure(n).unwrap().acronyms.iter().map(|&g| plan.glossary[g].term.as_str()).collect()
    };
    assert!(terms(1).contains(&"CROSS") && terms(1).contains(&"OFAST"));
    assert_eq!(terms(43), ["CeCLAD-M"]);
    assert!(terms(30).is_empty());
}

#[test]
fn acronym_spans_cover_each_use_in_every_spelling() {
    let plan = plan();
    for m in &plan.measures {
        let spans = plan.acronym_spans(m);
        for (range, g) in &spans {
            let written = &m.text[range.clone()];
            assert!(
                m.acronyms.contains(g),
                "measure {}: {written} is one of its acronyms",
                m.number
            );
            assert!(
                plan.glossary[*g].spellings().any(|s| s.eq_ignore_ascii_case(written)),
                "measure {}: « {written} » is a spelling of {}",
                m.number,
                plan.glossary[*g].term
            );
        }
    }
    let written = |n: u16| -> Vec<String> {
        let m = plan.measure(n).unwrap();
        plan.acronym_spans(m).iter().map(|(r, _)| m.text[r.clone()].to_owned()).collect()
    };
    assert_eq!(written(43), ["Ceclad-M"]);
    assert_eq!(written(6), ["Midelca"], "the source's spelling of the MILDECA");
    assert!(written(30).is_empty());
}

#[test]
fn misspelt_acronyms_carry_the_official_form_and_the_source_s_as_alias() {
    let plan = plan();
    for (official, source, measure) in [("MILDECA", "Midelca", 6), ("FIPD", "FIP", 23)] {
        let g = plan.glossary.iter().position(|g| g.term == official).expect(official);
        assert!(plan.glossary[g].aliases.iter().any(|a| a == source), "{official}");
        assert!(plan.glossary[g].note.as_deref().is_some_and(|n| n.contains(source)));
        assert!(plan.measure(measure).unwrap().acronyms.contains(&g), "{official}");
    }
    let ocrtis = plan.glossary.iter().find(|g| g.term == "OCRTIS").expect("OCRTIS");
    assert!(ocrtis.aliases.iter().any(|a| a == "Octris"));
}

#[test]
fn every_erratum_points_at_one_excerpt_of_the_verbatim_text() {
    use vigie::core::plan::TextPart;
    let plan = plan();
    assert!(plan.errata.len() >= 12, "{} errata", plan.errata.len());
    for e in &plan.errata {
        let hay = match e.part {
            TextPart::Headline => plan.headline.clone(),
            TextPart::Introduction => plan.introduction.join("\n"),
            TextPart::Measure(n) => plan.measure(n).unwrap().text.clone(),
        };
        assert_eq!(hay.matches(e.excerpt.as_str()).count(), 1, "{e:?}");
        assert_ne!(e.excerpt, e.correction);
    }
    let in_measures: Vec<u16> = plan
        .errata
        .iter()
        .filter_map(|e| match e.part {
            TextPart::Measure(n) => Some(n),
            _ => None,
        })
        .collect();
    // 51's « moyens d’interceptions » is a defensible plural (curation.md §8).
    for n in [4, 6, 7, 14, 20, 21, 23, 35, 38, 54] {
        assert!(in_measures.contains(&n), "measure {n} has its erratum");
    }
    let json = vigie::core::plan::BUNDLED_JSON.replacen(
        "\"excerpt\": \"drogues de synthèses\"",
        "\"excerpt\": \"drogues de synthèse\"",
        1,
    );
    assert!(json != vigie::core::plan::BUNDLED_JSON, "the test edits an erratum");
    assert!(matches!(
        Plan::from_json(&json),
        Err(vigie::core::plan::PlanError::Erratum { found: 1, .. }) | Ok(_)
    ));
    let json = vigie::core::plan::BUNDLED_JSON.replacen(
        "\"excerpt\": \"drogues de synthèses\"",
        "\"excerpt\": \"drogues de synthèses absentes\"",
        1,
    );
    assert!(matches!(
        Plan::from_json(&json),
        Err(vigie::core::plan::PlanError::Erratum { found: 0, .. })
    ));
}

#[test]
fn every_theme_is_defined_and_outre_mer_theme_and_place_go_together() {
    let plan = plan();
    for t in &plan.themes {
        assert!(t.definition.as_deref().is_some_and(|d| d.len() > 10), "{}", t.id);
    }
    let theme = plan.themes.iter().position(|t| t.id == "outre-mer").unwrap();
    let place = plan.places.iter().position(|p| p.id == "outre-mer").unwrap();
    for m in &plan.measures {
        assert_eq!(m.themes.contains(&theme), m.places.contains(&place), "measure {}", m.number);
    }
}

#[test]
fn the_fingerprint_changes_with_a_word() {
    let plan = plan();
    assert!(plan.fingerprint.starts_with("fnv1a64:"));
    let json = vigie::core::plan::BUNDLED_JSON.replacen(
        "Systématisation des enquêtes",
        "Systématisation des enquêtes patrimoniales et",
        1,
    );
    assert_ne!(Plan::from_json(&json).unwrap().fingerprint, plan.fingerprint);
}

#[test]
fn typographic_characters_survive() {
    let plan = plan();
    assert!(plan
        .measure(14)
        .unwrap()
        .text
        .contains("«pilotage renforcé de la lutte contre les stupéfiants»"));
    assert!(plan.measure(22).unwrap().text.contains("mobiles — définition"));
    assert!(plan.measure(9).unwrap().text.contains("mise en œuvre"));
    assert!(plan.introduction[0].contains("» – qui succède"));
}

#[test]
fn the_plan_built_into_the_app_is_plan_json_exactly() {
    // build.rs resolved tags, acronyms and the fingerprint itself; they must
    // be what validation makes of plan.json.
    let from_json = Plan::from_json(vigie::core::plan::BUNDLED_JSON).expect("plan.json is valid");
    assert_eq!(Plan::bundled(), from_json);
}

#[test]
fn a_synthetic_plan_repeats_the_real_measures_renumbered() {
    let plan = Plan::synthetic(120);
    assert_eq!(plan.measures.len(), 120);
    assert_eq!(plan.measure(120).unwrap().number, 120);
    assert_eq!(plan.measure(56).unwrap().text, plan.measure(1).unwrap().text);
}
