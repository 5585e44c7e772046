import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_DIR } from '../../src/seed/index.js';

/** The seed articles' texts by their three-digit prefix ('000' … '004'). */
export function seedTexts(): Map<string, string> {
  return new Map(readdirSync(SEED_DIR).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => [f.slice(0, 3), readFileSync(join(SEED_DIR, f), 'utf8')]));
}

/** Articles written for the tests: other stories, so the corpus is not only the seeds. */
export const WRITTEN = [
  {
    slug: 'harbour-bridge',
    title: 'City council approves repairs to the old harbour bridge',
    paragraphs: [
      'The city council voted on Thursday to fund repairs to the old harbour bridge, which has been closed to lorries since a crack was found in one of its piers last spring.',
      'Engineers told councillors that the work would take about eighteen months and that the bridge would stay open to cars and bicycles for most of that time, with night closures when the piers are reinforced.',
      'Shopkeepers on both banks welcomed the decision. Many said the detour imposed on delivery vans had added an hour to their mornings and driven customers to the out-of-town retail park.',
      'Opposition councillors questioned the cost and asked for the contract to be put out to a second tender, but the motion was carried by a comfortable majority after a long debate.',
    ],
  },
  {
    slug: 'orchard-frost',
    title: 'Late frost threatens the apple harvest in the valley',
    paragraphs: [
      'Growers in the valley spent the night lighting fires between their rows of apple trees as temperatures fell well below freezing, weeks after the blossom had opened.',
      'A late frost at this stage can kill the flowers outright, and with them the fruit that would have set in early summer. Older growers said they had not seen such a cold snap in May for decades.',
      'The regional growers association said it was too early to know how much of the crop had been lost, and that members would walk their orchards over the weekend to count damaged buds.',
      'Insurers have been asked to send assessors, and the association is lobbying for an emergency fund to help the smallest farms through a lean year.',
    ],
  },
  {
    slug: 'library-reopens',
    title: 'The central library reopens after a two-year refit',
    paragraphs: [
      'The central library opened its doors again on Saturday after a refit that replaced its leaking roof, rewired the reading rooms and added a children’s floor with a small theatre.',
      'Queues formed before nine in the morning. Staff handed out new membership cards and guided visitors through the restored map room, whose painted ceiling had been hidden behind panels since the nineteen-seventies.',
      'The librarian said the building would keep longer opening hours on weekdays and host evening classes for adults learning to read, a programme that had moved to a church hall during the works.',
      'Local historians praised the restoration but regretted that the old card catalogue, a favourite of many readers, had been sent to the county archive rather than kept on display.',
    ],
  },
];

const WORDS = ('report figure source council river harbour market winter summer village station engineer farmer teacher ' +
  'doctor nurse bridge railway museum library theatre garden forest mountain valley coast island festival election ' +
  'budget school hospital factory harvest weather storm flood drought energy water transport bicycle tram ferry ' +
  'airport museum painter writer singer musician athlete coach captain mayor minister judge court prison police ' +
  'fire rescue volunteer charity church temple mosque castle tower square street avenue district county region').split(' ');

/** A distinct article made of random words: thousands of them share nothing that makes them copies. */
export function syntheticArticle(seed: number): { title: string; paragraphs: string[] } {
  let x = seed * 2654435761 % 4294967296 || 1;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  const sentence = () => {
    const n = 10 + (next() % 12);
    const words = Array.from({ length: n }, () => WORDS[next() % WORDS.length]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 3 }, sentence).join(' '));
  return { title: `Story number ${seed}: ${sentence().slice(0, 60)}`, paragraphs };
}

/**
 * The originators of the seed claims as the shipped watch's keys (what the
 * extractor writes into `sourceKey`); attributions the watch does not know
 * ("reports (South Korea)") have none.
 */
export const ORIGINATORS: Record<string, string> = {
  NHK: 'nhk',
  'US Department of Defense (Lloyd Austin)': 'us-dod',
  'Ukrainian military intelligence (HUR)': 'hur',
  'Ukrainian defence intelligence (HUR)': 'hur',
  'South Korean intelligence (NIS)': 'nis',
  CNN: 'cnn',
};
