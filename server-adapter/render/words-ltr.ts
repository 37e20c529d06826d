/**
 * The renderer's own words in the left-to-right languages the server speaks:
 * English (the fallback), German, French and Spanish. See words.ts.
 */
import type { OwnWords, UnlikeWidgets } from './render-words.js';

/** The words only the renderer writes. */
export const LTR_WORDS = {
  en: {
    up: 'up',
    down: 'down',
    unchanged: 'unchanged',
    noChange: 'no change figure',
    againstPrevious: 'against the previous period',
    againstYearAgo: 'against the same period last year',
    reorderAt: '{quantity}, reorder at {level}',
    outOfStockCount: '{n} out of stock',
    when: 'When',
    what: 'What',
    amount: 'Amount',
    continued: '{title} (continued)',
    noData: 'No data for this period.',
    generated: 'Generated {date}',
    and: ' and ',
    previousPeriod: 'previous period',
    sameLastYear: 'same period last year',
  },
  de: {
    up: 'gestiegen um',
    down: 'gesunken um',
    unchanged: 'unverändert',
    noChange: 'keine Veränderung bekannt',
    againstPrevious: 'gegenüber dem Vorzeitraum',
    againstYearAgo: 'gegenüber dem Vorjahreszeitraum',
    reorderAt: '{quantity}, nachbestellen bei {level}',
    outOfStockCount: '{n} ausverkauft',
    when: 'Wann',
    what: 'Was',
    amount: 'Betrag',
    continued: '{title} (Fortsetzung)',
    noData: 'Keine Daten für diesen Zeitraum.',
    generated: 'Erstellt {date}',
    and: ' und ',
    previousPeriod: 'Vorzeitraum',
    sameLastYear: 'Vorjahreszeitraum',
  },
  fr: {
    up: 'en hausse de',
    down: 'en baisse de',
    unchanged: 'inchangé',
    noChange: 'aucune variation connue',
    againstPrevious: 'par rapport à la période précédente',
    againstYearAgo: 'par rapport à la même période l’an dernier',
    reorderAt: '{quantity}, réapprovisionner à {level}',
    outOfStockCount: '{n} en rupture',
    when: 'Quand',
    what: 'Quoi',
    amount: 'Montant',
    continued: '{title} (suite)',
    noData: 'Aucune donnée pour cette période.',
    generated: 'Généré le {date}',
    and: ' et ',
    previousPeriod: 'période précédente',
    sameLastYear: 'même période l’an dernier',
  },
  es: {
    up: 'sube',
    down: 'baja',
    unchanged: 'sin cambios',
    noChange: 'sin cifra de variación',
    againstPrevious: 'respecto al período anterior',
    againstYearAgo: 'respecto al mismo período del año anterior',
    reorderAt: '{quantity}, reponer en {level}',
    outOfStockCount: '{n} agotados',
    when: 'Cuándo',
    what: 'Qué',
    amount: 'Importe',
    continued: '{title} (continuación)',
    noData: 'No hay datos para este período.',
    generated: 'Generado el {date}',
    and: ' y ',
    previousPeriod: 'período anterior',
    sameLastYear: 'mismo período del año anterior',
  },
} satisfies Record<string, OwnWords>;

/**
 * Where a language's rendered boards word something otherwise than its widgets do (the rest comes from
 * the widgets' catalogs: render-words.ts). Kept so that no rendered board changes; choosing one wording for
 * both is a translator's call, after which the entry goes (words.test.ts lists them).
 */
export const LTR_UNLIKE_WIDGETS = {
  de: {
    receivablesAging: 'Altersstruktur der Forderungen',
    total: 'Gesamt',
    soldPerDay: 'Verkauft / Tag',
    outOfStock: 'Ausverkauft',
    amountDue: 'Fälliger Betrag',
  },
  fr: {
    vs: 'vs {label}',
    overdue: 'En retard',
    soldPerDay: 'Vendus / jour',
    age: 'Âge',
    receivablesByAge: 'Créances par âge',
  },
  es: {
    vs: 'vs. {label}',
    lowStock: 'Existencias bajas',
    soldPerDay: 'Vendidos / día',
    allAbove: 'Todos los productos están por encima de su nivel de reposición.',
    amountDue: 'Importe adeudado',
  },
} satisfies Record<string, UnlikeWidgets>;
