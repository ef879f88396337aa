// The plan as an official would sign it (issue 12): acronyms found under
// every spelling, plurals and operators in search, the source's slips
// marked [sic], French typography on screen, and chips that draw on any
// system. The verbatim text itself is checked in prerender.spec.js.
import { test, expect, open, shownNumbers } from './fixtures.js';
import { readFileSync } from 'node:fs';

const visible = (page) => page.locator('article.measure');
const search = (page) => page.getByRole('searchbox', { name: 'Rechercher' });

test('un sigle se trouve sous sa forme officielle, sous celle du texte, et s’explique', async ({ page }) => {
  await open(page);
  await search(page).fill('MILDECA');
  expect(await shownNumbers(page)).toContain(6);
  // The text keeps the source's spelling, highlighted under the official one.
  await expect(page.locator('#mesure-6 .measure-text mark').first()).toHaveText('Midelca');
  await search(page).fill('FIPD');
  expect(await shownNumbers(page)).toContain(23);
  // OCRTIS is only in the introduction, spelt « Octris »: no measure, but
  // the answer is there.
  await search(page).fill('OCRTIS');
  const said = page.locator('.named-acronyms');
  await expect(said).toContainText('OCRTIS : Office central pour la répression du trafic illicite des stupéfiants.');
  await expect(said).toContainText('Octris');
  await search(page).fill('douane');
  await expect(said).toBeHidden();
});

test('singulier et pluriel se valent ; OU, | et -mot font ce qu’on attend', async ({ page }) => {
  await open(page);
  await search(page).fill('saisie');
  const singular = await shownNumbers(page);
  expect(singular.length).toBeGreaterThanOrEqual(9);
  await search(page).fill('saisies');
  expect(await shownNumbers(page)).toEqual(singular);
  // The whole word lights up, whichever form was typed.
  await expect(page.locator('#mesure-48 .measure-text mark').first()).toHaveText('saisies');

  await search(page).fill('maroc OU chine');
  const either = await shownNumbers(page);
  expect(either).toEqual(expect.arrayContaining([35, 38, 48]));
  await search(page).fill('maroc | chine');
  expect(await shownNumbers(page)).toEqual(either);
  await search(page).fill('coopération -blanchiment');
  const without = await shownNumbers(page);
  expect(without).toContain(34);
  expect(without).not.toContain(47);
  await expect(page.locator('#aide-recherche')).toContainText('« OU »');
  await expect(page.locator('#aide-recherche')).toContainText('-mot');
});

test('les mesures qui citent le mot passent avant celles trouvées par leurs étiquettes', async ({ page }) => {
  await open(page);
  await search(page).fill('coopération');
  const shown = await shownNumbers(page);
  expect(shown.indexOf(36)).toBeLessThan(shown.indexOf(35));
  await search(page).fill('Guyane');
  expect(await shownNumbers(page)).toEqual([20]);
});

test('les coquilles du texte source sont marquées [sic], le texte reste celui du plan', async ({ page }) => {
  await open(page);
  const sic = page.locator('#mesure-20 .sic');
  await expect(sic).toHaveCount(1);
  await expect(sic).toHaveAttribute('title', /lire «\s*directeur général des douanes et droits indirects\s*»/);
  // Read aloud with its correction, drawn as [sic], never copied with the text.
  await expect(sic).toHaveText(/lire «\s*directeur général des douanes et droits indirects\s*»/);
  const look = await sic.evaluate((el) => ({
    mark: getComputedStyle(el, '::before').content,
    select: getComputedStyle(el).userSelect,
  }));
  expect(look.mark).toContain('[sic]');
  expect(look.select).toBe('none');
  await expect(page.locator('.measure-text .sic')).toHaveCount(11);

  await open(page, '#/mesure/20');
  await expect(page.locator('blockquote .sic')).toHaveCount(1);
  const slips = page.getByRole('region', { name: 'Coquilles du texte source' });
  await expect(slips).toContainText('« directeur général de douanes et des droits indirects » : lire « directeur général des douanes et droits indirects »');
  // The file stays the source's, byte for byte.
  const json = readFileSync('dist/plan.json', 'utf8');
  expect(json).toContain('le directeur général de douanes et des droits indirects');
});

test('la typographie française à l’écran : espaces fines, apostrophes courbes', async ({ page }) => {
  await open(page);
  const text = await page.locator('#mesure-17 .measure-text').textContent();
  expect(text).toContain('«\u202fcibles d’intérêt prioritaire\u202f»');
  expect(text).toContain('sur elles\u202f;');
  const hint = await page.locator('#aide-recherche').textContent();
  expect(hint).toMatch(/indifférents\u202f;/);
  expect(hint).not.toMatch(/ [;:!?]/);
});

test('chaque étiquette s’affiche avec un signe que le système sait dessiner', async ({ page }) => {
  await open(page);
  // A glyph the fonts lack draws as the same empty box as a character no
  // font has; the place pin is drawn by the style sheet, with no glyph.
  const kinds = await page.evaluate(() => {
    const draw = (text, font) => {
      const canvas = document.createElement('canvas');
      canvas.width = 48;
      canvas.height = 48;
      const g = canvas.getContext('2d');
      g.font = font;
      g.fillText(text, 4, 36);
      return canvas.toDataURL();
    };
    const out = {};
    for (const kind of ['tag-theme', 'tag-body', 'tag-place']) {
      const chip = document.querySelector(`.${kind}`);
      const before = getComputedStyle(chip, '::before');
      const glyph = before.content.replace(/^"|"$/g, '');
      const font = `${before.fontSize} ${before.fontFamily}`;
      out[kind] = {
        glyph,
        drawn: glyph === '' ? before.borderTopStyle !== 'none' : draw(glyph, font) !== draw('\u{10FFFD}', font),
      };
    }
    return out;
  });
  for (const [kind, { glyph, drawn }] of Object.entries(kinds)) {
    expect(drawn, `${kind} « ${glyph} »`).toBe(true);
  }
  expect(kinds['tag-place'].glyph).toBe('');
});

test('le thème d’une facette dit ce qu’il couvre', async ({ page }) => {
  await open(page);
  const theme = page.locator('.facet label', { hasText: 'Renseignement' }).first();
  await expect(theme).toHaveAttribute('title', /renseignement opérationnel/);
  await page.locator('.facet summary', { hasText: 'Acteur' }).click();
  const body = page.locator('.facet label', { hasText: 'Cross' }).first();
  await expect(body).toHaveAttribute('title', /Cellules de renseignement opérationnel/);
});
