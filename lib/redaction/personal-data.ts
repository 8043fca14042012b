import { RE2JS } from "re2js";

/** The kinds of personal data viewers never see in a run's free text (goal, answer, error, notes). */
export const PERSONAL_DATA_TYPES = ["email", "phone", "card", "address", "name"] as const;
export type PersonalDataType = (typeof PERSONAL_DATA_TYPES)[number];

export const PERSONAL_DATA_LABELS: Record<PersonalDataType, string> = {
  email: "Email addresses",
  phone: "Phone numbers",
  card: "Payment card numbers",
  address: "Street addresses",
  name: "People's names",
};

const STREET_WORDS =
  "street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|square|sq|terrace|highway|hwy|strasse|straße|rue|via|calle";

// Built-in detectors. They err towards hiding: a viewer loses a word now and then, never a customer.
const DETECTORS: Record<PersonalDataType, { pattern: RegExp; mask: (match: string) => string }> = {
  email: {
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    mask: (email) => `${email[0]}•••@${email.split("@")[1]}`,
  },
  // 13–19 digits in groups (a card number), before phone numbers, which it would also match.
  card: { pattern: /\b\d(?:[ -]?\d){12,18}\b/g, mask: (card) => `•••• ${card.replace(/\D/g, "").slice(-4)}` },
  // An international or grouped number of 7+ digits; order ids like O-5004 and amounts stay.
  phone: {
    pattern: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}\b|\+\d{7,15}\b/g,
    mask: (match) => (isPhoneLike(match) ? "[phone]" : match),
  },
  address: {
    pattern: new RegExp(
      `\\b\\d{1,5}[A-Za-z]?\\s+(?:[A-Z][\\w'.-]*\\s+){0,3}(?:${STREET_WORDS})\\b\\.?`,
      "gi",
    ),
    mask: () => "[address]",
  },
  // Two or three capitalised words in a row ("Jane Doe", "Mary Ann Smith"), after a greeting or
  // label, or anywhere but the start of a sentence.
  name: {
    pattern:
      /(?<=\b(?:Dear|Hi|Hello|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|[Nn]ame:|[Cc]ustomer:|[Ff]or|[Tt]o|[Ff]rom|[Bb]y)\s+|[a-z,;]\s+)[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\b/g,
    mask: () => "[name]",
  },
};

// At least 7 digits, and not a date or a decimal amount.
const isPhoneLike = (match: string): boolean =>
  match.replace(/\D/g, "").length >= 7 && !/^\d{4}-\d{2}-\d{2}$/.test(match) && !/^\d+\.\d+$/.test(match);

const APPLY_ORDER: PersonalDataType[] = ["email", "card", "address", "phone", "name"];

export type RedactionRules = { types: PersonalDataType[]; patterns: string[] };
export const DEFAULT_REDACTION_RULES: RedactionRules = { types: [...PERSONAL_DATA_TYPES], patterns: [] };

/** Hides personal data in free text for people who may not read payloads (viewers). */
export type Redactor = { text: (value: string | null) => string | null };

/**
 * Compiles a tenant's rules. A tenant's own patterns run on RE2 (linear time whatever the pattern,
 * so no pattern can stall the server) and are matched case-insensitively.
 */
export function compileRedactor(rules: RedactionRules): Redactor {
  const builtIn = APPLY_ORDER.filter((type) => rules.types.includes(type)).map((type) => DETECTORS[type]);
  const own = rules.patterns.map((pattern) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE));
  return {
    text: (value) => {
      if (value === null) return null;
      let out = value;
      for (const pattern of own) out = pattern.matcher(out).replaceAll("[redacted]");
      for (const { pattern, mask } of builtIn) out = out.replace(pattern, mask);
      return out;
    },
  };
}

/** Why a tenant's pattern cannot be used, or null when it compiles. */
export function patternProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
