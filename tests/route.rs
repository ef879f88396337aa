//! Routes and shared links round-trip through the URL hash.

use vigie::core::view::route::{Facet, ListState, Route, Sort};

#[test]
fn parses_the_screens() {
    assert_eq!(Route::parse(""), Route::default());
    assert_eq!(Route::parse("#/"), Route::default());
    assert_eq!(Route::parse("#/mesure/17"), Route::Measure(17));
    assert_eq!(Route::parse("#/glossaire"), Route::Glossary);
    assert_eq!(Route::parse("#/tableau-de-bord"), Route::Dashboard);
    assert_eq!(Route::parse("#/parametres"), Route::Settings { back: None });
    for route in [
        Route::Glossary,
        Route::Dashboard,
        Route::Settings { back: None },
        Route::Exchange,
        Route::Measure(55),
    ] {
        assert_eq!(Route::parse(&route.to_hash()), route);
    }
    assert!(matches!(Route::parse("#/mesure/dix-sept"), Route::NotFound(_)));
    assert!(matches!(Route::parse("#/nulle-part"), Route::NotFound(_)));
}

#[test]
fn a_shared_list_link_reproduces_the_view() {
    let route = Route::parse("#/?q=maroc&objectif=5&theme=cooperation-internationale");
    let Route::List(state) = &route else { panic!("{route:?}") };
    assert_eq!(state.query, "maroc");
    assert!(state.is_selected(Facet::Objective, "5"));
    assert!(state.is_selected(Facet::Theme, "cooperation-internationale"));
    assert_eq!(Route::parse(&route.to_hash()), route);
}

#[test]
fn every_state_round_trips_including_odd_text() {
    let state = ListState {
        query: "« chef de file » & l’Ofast=100 %".into(),
        sort: Sort::Due,
        ..Default::default()
    }
    .toggled(Facet::Objective, "2")
    .toggled(Facet::Objective, "5")
    .toggled(Facet::Status, "en_cours");
    let route = Route::List(state);
    let hash = route.to_hash();
    assert!(hash.starts_with("#/?q="));
    assert!(hash.contains("objectif=2%2C5") || hash.contains("objectif=2,5"), "{hash}");
    assert_eq!(Route::parse(&hash), route);
}

#[test]
fn the_default_view_is_a_bare_hash() {
    assert_eq!(Route::default().to_hash(), "#/");
    let toggled_back =
        ListState::default().toggled(Facet::Theme, "cyber").toggled(Facet::Theme, "cyber");
    assert_eq!(Route::List(toggled_back).to_hash(), "#/");
}

#[test]
fn unknown_keys_and_sorts_are_ignored() {
    let Route::List(state) = Route::parse("#/?zzz=1&tri=n-importe&objectif=") else { panic!() };
    assert_eq!(state, ListState::default());
}

#[test]
fn presentation_routes_keep_the_slide_and_the_selection() {
    assert_eq!(
        Route::parse("#/presentation"),
        Route::Presentation { slide: 1, selection: None, presenter: false }
    );
    assert_eq!(
        Route::parse("#/presentation/3"),
        Route::Presentation { slide: 3, selection: None, presenter: false }
    );
    assert!(matches!(Route::parse("#/presentation/0"), Route::NotFound(_)));
    let selection =
        ListState { query: "maroc".into(), ..Default::default() }.toggled(Facet::Objective, "5");
    let route =
        Route::Presentation { slide: 2, selection: Some(selection.clone()), presenter: false };
    assert_eq!(route.to_hash(), "#/presentation/2?selection=1&q=maroc&objectif=5");
    assert_eq!(Route::parse(&route.to_hash()), route);
    let everything =
        Route::Presentation { slide: 1, selection: Some(ListState::default()), presenter: false };
    assert_eq!(Route::parse(&everything.to_hash()), everything);
    let speaker = Route::Presentation { slide: 4, selection: Some(selection), presenter: true };
    assert_eq!(
        speaker.to_hash(),
        "#/presentation/4?vue=presentateur&selection=1&q=maroc&objectif=5"
    );
    assert_eq!(Route::parse(&speaker.to_hash()), speaker);
}

#[test]
fn a_handout_prints_the_plan_a_selection_or_the_points_of_attention() {
    use vigie::core::view::route::Handout;
    assert_eq!(Route::parse("#/dossier"), Route::Handout(Handout::Plan));
    assert_eq!(Route::Handout(Handout::Plan).to_hash(), "#/dossier");
    let attention = Route::Handout(Handout::Attention);
    assert_eq!(attention.to_hash(), "#/dossier?vue=attention");
    assert_eq!(Route::parse(&attention.to_hash()), attention);
    let state =
        ListState { query: "maroc".into(), ..Default::default() }.toggled(Facet::Pilote, "ofast");
    let selection = Route::Handout(Handout::Selection(state));
    assert_eq!(selection.to_hash(), "#/dossier?selection=1&q=maroc&pilote=ofast");
    assert_eq!(Route::parse(&selection.to_hash()), selection);
    let everything = Route::Handout(Handout::Selection(ListState::default()));
    assert_eq!(Route::parse(&everything.to_hash()), everything);
}

#[test]
fn the_skip_links_anchor_is_the_list() {
    assert_eq!(Route::parse("#contenu"), Route::List(ListState::default()));
    assert!(matches!(Route::parse("#/contenu"), Route::NotFound(_)));
}

#[test]
fn each_route_names_its_screen_and_the_tab_s_title() {
    use vigie::core::view::route::Screen;
    let plan = vigie::core::plan::Plan::bundled();
    assert_eq!(Route::parse("#/?q=maroc").screen(), Screen::List);
    assert_eq!(Route::parse("#/mesure/17").screen(), Screen::Measure(17));
    assert_eq!(Route::parse("#/presentation/3").screen(), Screen::Presentation);
    assert_eq!(Route::parse("#/ailleurs").screen(), Screen::NotFound);
    let title = Screen::List.title(&plan);
    assert_eq!(title, "Plan national de lutte contre les stupéfiants — Vigie");
    assert!(Screen::Measure(17).title(&plan).starts_with("Mesure 17\u{a0}: "));
    assert_eq!(Screen::Measure(99).title(&plan), "Mesure introuvable — Vigie");
    assert_eq!(Screen::Dashboard.title(&plan), "Tableau de bord — Vigie");
}

#[test]
fn the_releve_keeps_its_date_in_the_address() {
    use vigie::core::date::IsoDate;
    let since = IsoDate::parse("2026-10-01");
    assert_eq!(Route::parse("#/releve?depuis=2026-10-01"), Route::Report { since });
    assert_eq!(Route::Report { since }.to_hash(), "#/releve?depuis=2026-10-01");
    assert_eq!(Route::parse("#/releve"), Route::Report { since: None });
    // A date that does not exist is no date: the reference, or a month back.
    assert_eq!(Route::parse("#/releve?depuis=2026-02-30"), Route::Report { since: None });
}

#[test]
fn links_to_filtered_lists_are_built_from_routes() {
    use vigie::core::record::status::Status;
    assert_eq!(Route::with_status(Status::EnCours).to_hash(), "#/?statut=en_cours");
    assert_eq!(Route::with_objective(3).to_hash(), "#/?objectif=3");
    assert_eq!(Route::plan_deck().to_hash(), "#/presentation/1");
}
