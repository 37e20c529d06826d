/**
 * Word lists for plausible demo names. Every email lives under the reserved
 * `example.*` domains (RFC 2606), so no demo address can ever reach anyone.
 */
import { pick, type Rng } from './random.js';

/** A comma-separated word list, written compactly. */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
}

const FIRST_NAMES = list(`
  Ada, Alan, Amara, Anna, Arjun, Beatriz, Ben, Carla, Chen, Chloe, Daniel, Dara, Elena, Emil, Fatima,
  Felix, Grace, Hana, Hugo, Ines, Isaac, Jamal, Jana, Jonas, Julia, Kai, Kenji, Lara, Leila, Liam,
  Lucia, Maya, Mateo, Mei, Nadia, Noah, Olga, Omar, Priya, Rafael, Rosa, Sam, Sara, Sofia, Tariq, Theo,
  Uma, Yara, Yusuf, Zoe
`);

const LAST_NAMES = list(`
  Abbott, Alvarez, Bauer, Bianchi, Chowdhury, Costa, Dubois, Eriksen, Fischer, Garcia, Hansen,
  Hoffmann, Ibrahim, Ivanova, Jensen, Kaur, Kim, Kowalski, Larsen, Lopez, Moreau, Müller, Nakamura,
  Nguyen, Novak, O'Brien, Okafor, Petrov, Quinn, Rahman, Rossi, Sato, Schmidt, Silva, Singh, Tanaka,
  Torres, Usman, Varga, Wagner, Walsh, Weber, Wong, Yilmaz, Zhang
`);

const COMPANY_WORDS = list(`
  Alder, Atlas, Beacon, Birch, Blue Harbor, Cedar, Copper, Crescent, Delta, Evergreen, Falcon, Granite,
  Harbor, Iron Gate, Juniper, Keystone, Lakeside, Lumen, Maple, Meridian, Northwind, Oakridge, Orchard,
  Pioneer, Quarry, Redwood, Riverside, Saffron, Silverline, Summit, Tidewater, Union, Vantage, Willow,
  Zenith
`);

const COMPANY_TRADES = list(`
  Bakery, Builders, Cafe, Design, Dental, Foods, Hardware, Hotels, Interiors, Labs, Logistics, Media,
  Motors, Office Supply, Outfitters, Pharmacy, Print, Studio, Supply, Systems, Trading
`);

const COMPANY_SUFFIXES = ['Ltd', 'LLC', 'Inc.', 'GmbH', 'Co.', '& Sons', 'Group', 'SA'] as const;

const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net'] as const;

const PRODUCT_ADJECTIVES = list(`
  Classic, Compact, Deluxe, Eco, Ergonomic, Heavy-Duty, Lightweight, Modern, Premium, Pro, Rustic,
  Smart, Travel, Vintage, Wireless
`);

const PRODUCT_MATERIALS = list(`
  Bamboo, Brass, Canvas, Ceramic, Cotton, Glass, Leather, Linen, Maple, Oak, Recycled, Steel, Walnut,
  Wool
`);

/** Items by category code; the code starts the SKU (`KIT-0042`). */
const PRODUCT_ITEMS: Readonly<Record<string, readonly string[]>> = {
  HOM: ['Desk Lamp', 'Table Lamp', 'Candle Holder', 'Throw Blanket', 'Cushion', 'Wall Clock', 'Picture Frame', 'Vase'],
  KIT: ['Coffee Mug', 'Teapot', 'Cutting Board', 'Chef Knife', 'Mixing Bowl', 'Water Bottle', 'Spice Rack'],
  OFF: ['Notebook', 'Pen Set', 'Desk Organizer', 'Monitor Stand', 'Laptop Sleeve', 'Backpack'],
  OUT: ['Camping Chair', 'Picnic Blanket', 'Garden Planter', 'Lantern'],
  TEC: ['Phone Stand', 'Charging Dock', 'Headphones', 'Speaker', 'Keyboard'],
  APP: ['Scarf', 'Beanie', 'Tote Bag', 'Wallet', 'Apron'],
};
const CATEGORIES = Object.keys(PRODUCT_ITEMS);

export interface PersonOrCompany {
  name: string;
  /** Local part and domain before de-duplication, e.g. `ada.costa` + `example.com`. */
  local: string;
  domain: string;
  company: boolean;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A person (`Ada Costa`) or, with probability `companyShare`, a business (`Cedar Logistics Ltd`). */
export function customerName(rng: Rng, companyShare: number): PersonOrCompany {
  if (rng() < companyShare) {
    const words = pick(rng, COMPANY_WORDS);
    const trade = pick(rng, COMPANY_TRADES);
    const suffix = pick(rng, COMPANY_SUFFIXES);
    return {
      name: `${words} ${trade} ${suffix}`,
      local: pick(rng, ['accounts', 'billing', 'orders', 'office'] as const),
      domain: `${slug(`${words} ${trade}`)}.example`,
      company: true,
    };
  }
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  return {
    name: `${first} ${last}`,
    local: `${slug(first)}.${slug(last).replace(/-/g, '')}`,
    domain: pick(rng, MAIL_DOMAINS),
    company: false,
  };
}

/** A product name and its category code for the SKU, e.g. `['KIT', 'Premium Ceramic Teapot']`. */
export function productName(rng: Rng): { category: string; name: string } {
  const category = pick(rng, CATEGORIES);
  const item = pick(rng, PRODUCT_ITEMS[category] ?? []);
  const adjective = pick(rng, PRODUCT_ADJECTIVES);
  const name = rng() < 0.5 ? `${adjective} ${pick(rng, PRODUCT_MATERIALS)} ${item}` : `${adjective} ${item}`;
  return { category, name };
}
