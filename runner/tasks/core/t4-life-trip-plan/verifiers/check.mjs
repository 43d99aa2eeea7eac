// Completion checks for t4-life-trip-plan. Run with cwd = the agent's workspace:
//   node check.mjs valid        itinerary.json has the documented shape, real place ids, true total
//   node check.mjs constraints  the profile holds: access, walking, diet, budget, hours, meals, Sunday
//   node check.mjs requests     the must-see is in on an open day; Saturday's dinner suits a vegan
// The places come from the task's given places.json (assets/), not the workspace copy.
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const DATES = ['2026-06-12', '2026-06-13', '2026-06-14'];
const FULL_DAYS = ['2026-06-12', '2026-06-13'];
const DEPARTURE = { date: '2026-06-14', lastStart: '13:00' };
const BUDGET_USD = 300;
const MAX_WALK_MINUTES = 10;
const MUST_SEE = 'lx-oceanario';
const VEGAN_DINNER_DATE = '2026-06-13';
const MEAL_WINDOWS = { lunch: ['12:00', '15:00'], dinner: ['19:00', '22:00'] };

const places = new Map(
  JSON.parse(readFileSync(fileURLToPath(new URL('../assets/trip/places.json', import.meta.url)), 'utf8')).places.map((p) => [p.id, p]),
);
const weekday = (date) => new Date(`${date}T12:00:00Z`).toUTCString().slice(0, 3);
const isTime = (value) => typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

function readItinerary() {
  if (!existsSync('itinerary.json')) return [null, 'itinerary.json was not written'];
  try {
    return [JSON.parse(readFileSync('itinerary.json', 'utf8')), null];
  } catch (error) {
    return [null, `itinerary.json is not valid JSON: ${error.message}`];
  }
}

/** Every item with its date and place, or a problem with the shape. */
function flatten(itinerary) {
  if (!Array.isArray(itinerary?.days)) return [null, 'itinerary.json needs a "days" array'];
  const dates = itinerary.days.map((day) => day?.date);
  if (JSON.stringify(dates) !== JSON.stringify(DATES)) return [null, `days must be ${DATES.join(', ')} in order, got ${dates.join(', ')}`];
  const items = [];
  for (const day of itinerary.days) {
    if (!Array.isArray(day.items) || day.items.length === 0) return [null, `${day.date} has no items`];
    let previous = '';
    for (const item of day.items) {
      const where = `${day.date} ${item?.time ?? '?'}`;
      if (!isTime(item?.time)) return [null, `${where}: time must be HH:MM`];
      if (item.time <= previous) return [null, `${where}: items must be in time order`];
      previous = item.time;
      const place = places.get(item.place_id);
      if (!place) return [null, `${where}: place_id ${JSON.stringify(item.place_id)} is not in places.json`];
      if (![null, undefined, 'lunch', 'dinner'].includes(item.meal)) return [null, `${where}: meal must be "lunch", "dinner" or null`];
      if (item.meal && place.kind !== 'food') return [null, `${where}: ${place.name} is not a place to eat`];
      items.push({ date: day.date, time: item.time, meal: item.meal ?? null, place });
    }
  }
  return [items, null];
}

function load() {
  const [itinerary, problem] = readItinerary();
  if (problem) return [null, null, problem];
  const [items, shapeProblem] = flatten(itinerary);
  return [itinerary, items, shapeProblem];
}

const totalOf = (items) => items.reduce((sum, item) => sum + item.place.cost_usd, 0);

function openAt(place, date, time) {
  const [opens, closes] = place.hours.split('-');
  return !place.closed_weekdays.includes(weekday(date)) && !place.closed_dates.includes(date) && time >= opens && time < closes;
}

function constraintProblem(items) {
  for (const { date, time, meal, place } of items) {
    const where = `${date} ${time} ${place.name}`;
    if (!place.step_free) return `${where} is not step-free`;
    if (place.walk_minutes > MAX_WALK_MINUTES) return `${where} needs ${place.walk_minutes} minutes of walking`;
    if (place.kind === 'food' && !place.vegetarian) return `${where} has no vegetarian menu`;
    if (!openAt(place, date, time)) return `${where} is closed then`;
    if (meal) {
      const [from, to] = MEAL_WINDOWS[meal];
      if (time < from || time > to) return `${where}: ${meal} is outside ${from}-${to}`;
    }
    if (date === DEPARTURE.date && time >= DEPARTURE.lastStart) return `${where} starts after the ${DEPARTURE.lastStart} departure cut-off`;
  }
  for (const date of DATES) {
    const day = items.filter((item) => item.date === date);
    if (!day.some((item) => item.place.kind !== 'food')) return `${date} has no sight or activity`;
    for (const meal of FULL_DAYS.includes(date) ? ['lunch', 'dinner'] : []) {
      if (day.filter((item) => item.meal === meal).length !== 1) return `${date} needs exactly one ${meal}`;
    }
  }
  const total = totalOf(items);
  if (total > BUDGET_USD) return `the plan costs ${total} USD, over the ${BUDGET_USD} USD budget`;
  return null;
}

const checks = {
  valid: () => {
    const [itinerary, items, problem] = load();
    if (problem) return [false, problem];
    const seen = new Set();
    for (const item of items) {
      if (seen.has(item.place.id)) return [false, `${item.place.name} is visited twice`];
      seen.add(item.place.id);
    }
    const total = totalOf(items);
    if (itinerary.total_cost_usd !== total) return [false, `total_cost_usd is ${itinerary.total_cost_usd}, but the items cost ${total}`];
    return [true, `itinerary.json: ${items.length} real places over ${DATES.length} days, total ${total} USD`];
  },
  constraints: () => {
    const [, items, problem] = load();
    const issue = problem ?? constraintProblem(items);
    return issue ? [false, issue] : [true, 'every stop is accessible, vegetarian where it is a meal, open, on budget and before the Sunday flight'];
  },
  requests: () => {
    const [, items, problem] = load();
    if (problem) return [false, problem];
    const mustSee = items.find((item) => item.place.id === MUST_SEE);
    if (!mustSee) return [false, 'the Oceanário is not in the plan'];
    if (!openAt(mustSee.place, mustSee.date, mustSee.time)) return [false, `the Oceanário is closed on ${mustSee.date} at ${mustSee.time}`];
    const dinner = items.find((item) => item.date === VEGAN_DINNER_DATE && item.meal === 'dinner');
    if (!dinner) return [false, `no dinner on ${VEGAN_DINNER_DATE}`];
    if (!dinner.place.vegan) return [false, `${VEGAN_DINNER_DATE} dinner at ${dinner.place.name} does not suit a vegan guest`];
    return [true, `Oceanário on ${mustSee.date}; ${VEGAN_DINNER_DATE} dinner at ${dinner.place.name} suits a vegan guest`];
  },
};

await runNamedCheck(checks);
