import { creditCodeAlphabet, creditCodeCheckChar } from "@zonedesk/contracts";
import { searchGramsOf } from "../lib/search-grams.js";
import { defaultTagNames as tagNames } from "../reference-data/default-tags.js";
import {
  givenNameChars,
  industryWords,
  mobilePrefixes,
  surnames,
  techDivisions,
  tradeNameFirst,
  tradeNameSecond,
} from "./names.js";
import type { SeededRandom } from "./random.js";
import type { ZoneSpec } from "./zones.js";

export type Scale = "large" | "medium" | "small" | "micro";

/** One demo enterprise before it is written. */
export interface EnterprisePlan {
  id: string;
  zoneCode: string;
  orgUnitId: string;
  creditCode: string;
  name: string;
  legalRepresentative: string;
  registeredCapital: string;
  foundedOn: string;
  address: string;
  industryCode: string;
  industrySection: string;
  scale: Scale;
  contactName: string;
  contactPhone: string;
  status: "active" | "archived";
  searchGrams: string[];
  tagNames: string[];
}

/** Where a zone's enterprises may be registered: the zone itself or one of its parks. */
export interface ZoneUnits {
  spec: ZoneSpec;
  zoneId: string;
  parkIds: readonly string[];
}

/** A Chinese personal name: a surname and one or two given-name characters. */
export function personName(rng: SeededRandom): string {
  const chars = rng.chance(0.6) ? givenNameChars.male : givenNameChars.female;
  const given = rng.pick(chars) + (rng.chance(0.7) ? rng.pick(chars) : "");
  return rng.pick(surnames) + given;
}

/** A mobile number such as 13839001234. */
export function mobilePhone(rng: SeededRandom): string {
  return rng.pick(mobilePrefixes) + String(rng.int(0, 99_999_999)).padStart(8, "0");
}

const orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/** 组织机构代码 (GB 11714): 8 characters and a check character (0–9 or X). */
function organizationCode(rng: SeededRandom, foundedYear: number): string {
  let body = "";
  if (foundedYear >= 2016) {
    body = "MA";
    while (body.length < 8) body += rng.pick([...creditCodeAlphabet]);
  } else {
    body = String(rng.int(10_000_000, 99_999_999));
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body.charAt(i);
    const value = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * (orgCodeWeights[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return body + (check === 10 ? "X" : check === 11 ? "0" : String(check));
}

const scaleWeights: Record<"manufacturing" | "other", Record<Scale, number>> = {
  manufacturing: { large: 4, medium: 18, small: 48, micro: 30 },
  other: { large: 1, medium: 8, small: 45, micro: 46 },
};

/** Registered capital in 万元 by scale, rounded as registrations usually are. */
function registeredCapitalWan(rng: SeededRandom, scale: Scale): number {
  const range: Record<Scale, [number, number]> = {
    large: [10_000, 200_000],
    medium: [2_000, 20_000],
    small: [200, 5_000],
    micro: [10, 500],
  };
  const [low, high] = range[scale];
  const raw = Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)));
  const step = raw >= 10_000 ? 1_000 : raw >= 1_000 ? 100 : raw >= 100 ? 50 : 10;
  return Math.max(step, Math.round(raw / step) * step);
}

function foundedOn(rng: SeededRandom, scale: Scale): string {
  const year =
    scale === "large" || scale === "medium" ? rng.int(1995, 2019) : 1995 + Math.floor(30 * rng.next() ** 0.6);
  return rng.dateBetween(`${year}-01-01`, `${year}-12-28`);
}

function companyName(rng: SeededRandom, division: string, scale: Scale): string {
  const prefix = rng.weighted({ 许昌: 50, 河南: 25, 许昌市: 12, 河南省: 5, "": 8 });
  let trade = rng.pick(tradeNameFirst);
  let second = rng.pick(tradeNameSecond);
  while (second === trade) second = rng.pick(tradeNameSecond);
  trade += second;
  const word = rng.pick(industryWords[division] ?? ["实业"]);
  const form =
    scale === "large" || scale === "medium"
      ? rng.weighted({ 有限公司: 60, 股份有限公司: 30, 有限责任公司: 10 })
      : rng.weighted({ 有限公司: 88, 有限责任公司: 12 });
  return `${prefix}${trade}${word}${form}`;
}

function tagsFor(rng: SeededRandom, division: string, scale: Scale): string[] {
  const section = division.charAt(0);
  const isTech = techDivisions.has(division);
  const sizeFactor = { large: 1, medium: 0.8, small: 0.28, micro: 0.03 }[scale];
  // Trade and services reach their (lower) revenue thresholds at smaller sizes than industry.
  const tradeFactor = { large: 1, medium: 0.9, small: 0.45, micro: 0.1 }[scale];
  const tags: string[] = [];
  if (section === "C" && rng.chance(sizeFactor * 0.98)) tags.push(tagNames.aboveScaleIndustry);
  if (section === "F" && rng.chance(tradeFactor * 0.85)) tags.push(tagNames.aboveLimitTrade);
  if ("GHILM".includes(section) && rng.chance(tradeFactor * 0.6)) tags.push(tagNames.aboveScaleServices);
  const highTech = scale !== "micro" && rng.chance(isTech ? 0.32 : section === "C" ? 0.08 : 0.02);
  if (highTech) tags.push(tagNames.highTech);
  if (scale !== "large" && rng.chance(isTech ? 0.3 : section === "C" ? 0.08 : 0.03)) tags.push(tagNames.techSme);
  if (section === "C" && (scale === "small" || scale === "medium") && rng.chance(highTech ? 0.3 : 0.02)) {
    tags.push(tagNames.specialisedSme);
    if (rng.chance(0.35)) tags.push(rng.chance(0.25) ? tagNames.littleGiantNational : tagNames.littleGiantProvincial);
  }
  if (rng.chance({ large: 0.92, medium: 0.4, small: 0.04, micro: 0 }[scale])) tags.push(tagNames.key);
  if (rng.chance(highTech ? 0.15 : 0.04)) tags.push(tagNames.highGrowth);
  if (rng.chance(0.03)) tags.push(tagNames.listedForSupport);
  return tags;
}

/**
 * The enterprises of one zone: names, unique credit codes with the zone's division code,
 * industries by the zone's weights, scale, capital, tags. `taken` holds the names and codes
 * already used, across zones.
 */
export function buildZoneEnterprises(rng: SeededRandom, units: ZoneUnits, taken: Set<string>): EnterprisePlan[] {
  const { spec } = units;
  const result: EnterprisePlan[] = [];
  for (let n = 0; n < spec.enterpriseCount; n++) {
    const division = rng.weighted(spec.industryWeights);
    const section = division.charAt(0);
    const scale = rng.weighted(scaleWeights[section === "C" ? "manufacturing" : "other"]);
    let name = companyName(rng, division, scale);
    while (taken.has(name)) name = companyName(rng, division, scale);
    taken.add(name);
    const founded = foundedOn(rng, scale);
    let creditCode = "";
    while (creditCode === "" || taken.has(creditCode)) {
      const first17 = `91${spec.divisionCode}${organizationCode(rng, Number(founded.slice(0, 4)))}`;
      creditCode = first17 + (creditCodeCheckChar(first17) ?? "");
    }
    taken.add(creditCode);
    const inPark = units.parkIds.length > 0 && rng.chance(0.8);
    result.push({
      id: crypto.randomUUID(),
      zoneCode: spec.code,
      orgUnitId: inPark ? rng.pick(units.parkIds) : units.zoneId,
      creditCode,
      name,
      legalRepresentative: personName(rng),
      registeredCapital: `${registeredCapitalWan(rng, scale) * 10_000}.00`,
      foundedOn: founded,
      address: `河南省${spec.addressPrefix}${rng.pick(spec.roads)}${rng.int(1, 30) * rng.int(1, 9) + 1}号`,
      industryCode: division.slice(1),
      industrySection: section,
      scale,
      contactName: personName(rng),
      contactPhone: mobilePhone(rng),
      status: "active",
      searchGrams: searchGramsOf(name, creditCode),
      tagNames: tagsFor(rng, division, scale),
    });
  }
  return result;
}
