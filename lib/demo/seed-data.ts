import type { demoCustomers, demoOrders } from "@/db/schema";

export { DEMO_AGENTS } from "./seed-agents";
export { DEMO_FILES, DEMO_KB } from "./seed-knowledge";
export { DEMO_TICKETS, INJECTION_TICKET_IDS } from "./seed-tickets";

type Seed<T extends { tenantId: string }> = Omit<T, "tenantId">;
export type SeedCustomer = Seed<typeof demoCustomers.$inferInsert>;
/** Orders are placed relative to the day the tenant is seeded, so the 30-day refund window holds. */
export type SeedOrder = Omit<Seed<typeof demoOrders.$inferInsert>, "placedAt"> & { placedDaysAgo: number };

export const DEMO_CUSTOMERS: SeedCustomer[] = [
  { id: "C-1001", name: "Maria Lopez", email: "maria.lopez@example.com" },
  { id: "C-1002", name: "James Okafor", email: "james.okafor@example.net" },
  { id: "C-1003", name: "Priya Nair", email: "priya.nair@example.org" },
  { id: "C-1004", name: "Tom Becker", email: "tom.becker@example.com" },
  { id: "C-1005", name: "Aiko Tanaka", email: "aiko.tanaka@example.net" },
  { id: "C-1006", name: "Lucas Martin", email: "lucas.martin@example.org" },
  { id: "C-1007", name: "Fatima Haddad", email: "fatima.haddad@example.com" },
  { id: "C-1008", name: "Erik Johansson", email: "erik.johansson@example.net" },
  { id: "C-1009", name: "Chloé Dubois", email: "chloe.dubois@example.org" },
  { id: "C-1010", name: "Daniel Kim", email: "daniel.kim@example.com" },
  { id: "C-1011", name: "Sofia Rossi", email: "sofia.rossi@example.net" },
  { id: "C-1012", name: "Noah Williams", email: "noah.williams@example.org" },
];

const item = (sku: string, name: string, quantity: number, priceUsd: number) => ({
  sku,
  name,
  quantity,
  priceUsd,
});

export const DEMO_ORDERS: SeedOrder[] = [
  {
    id: "O-5001",
    customerId: "C-1001",
    totalUsd: 24.5,
    status: "delivered",
    placedDaysAgo: 9,
    items: [
      item("MUG-SET-4", "Stoneware mug, speckled white", 1, 18.5),
      item("CST-CORK-6", "Cork coasters (6)", 1, 6),
    ],
  },
  {
    id: "O-5002",
    customerId: "C-1002",
    totalUsd: 58,
    status: "shipped",
    placedDaysAgo: 8,
    items: [
      item("TBL-LINEN-L", "Linen tablecloth, large", 1, 42),
      item("NPK-LINEN-4", "Linen napkins (4)", 1, 16),
    ],
  },
  {
    id: "O-5003",
    customerId: "C-1003",
    totalUsd: 64,
    status: "processing",
    placedDaysAgo: 1,
    items: [item("LMP-DESK-BR", "Brass desk lamp", 1, 64)],
  },
  {
    id: "O-5004",
    customerId: "C-1004",
    totalUsd: 189.9,
    status: "delivered",
    placedDaysAgo: 12,
    items: [
      item("GRD-BURR-01", "Burr coffee grinder", 1, 129.9),
      item("CRF-GLS-1L", "Glass carafe, 1 l", 2, 30),
    ],
  },
  {
    id: "O-5005",
    customerId: "C-1005",
    totalUsd: 50.5,
    status: "delivered",
    placedDaysAgo: 6,
    items: [
      item("SKL-CI-26", "Cast iron skillet, 26 cm", 1, 42),
      item("SCR-PAN-2", "Pan scrapers (2)", 1, 8.5),
    ],
  },
  {
    id: "O-5006",
    customerId: "C-1006",
    totalUsd: 118,
    status: "delivered",
    placedDaysAgo: 20,
    items: [
      item("THR-WOOL-GR", "Wool throw, grey", 1, 79),
      item("CSH-CVR-OC", "Cushion cover, ochre", 2, 19.5),
    ],
  },
  {
    id: "O-5007",
    customerId: "C-1007",
    totalUsd: 64,
    status: "shipped",
    placedDaysAgo: 4,
    items: [
      item("PLN-CER-L", "Ceramic planter, large", 1, 36),
      item("PLN-CER-S", "Ceramic planter, small", 2, 14),
    ],
  },
  {
    id: "O-5008",
    customerId: "C-1008",
    totalUsd: 113,
    status: "delivered",
    placedDaysAgo: 25,
    items: [item("KNF-CHEF-20", "Chef's knife, 20 cm", 1, 89), item("ROD-HONE-25", "Honing rod", 1, 24)],
  },
  {
    id: "O-5009",
    customerId: "C-1009",
    totalUsd: 38,
    status: "processing",
    placedDaysAgo: 2,
    items: [item("BRD-BMB-L", "Bamboo cutting board", 1, 29), item("OIL-BRD-100", "Board oil, 100 ml", 1, 9)],
  },
  {
    id: "O-5010",
    customerId: "C-1010",
    totalUsd: 84,
    status: "delivered",
    placedDaysAgo: 7,
    items: [
      item("KTL-POUR-1", "Pour-over kettle", 1, 69),
      item("FLT-PAPER-100", "Paper filters (100)", 2, 7.5),
    ],
  },
  {
    id: "O-5011",
    customerId: "C-1011",
    totalUsd: 149,
    status: "delivered",
    placedDaysAgo: 10,
    items: [item("LMP-ARC-BK", "Arc floor lamp, black", 1, 149)],
  },
  {
    id: "O-5012",
    customerId: "C-1012",
    totalUsd: 173,
    status: "shipped",
    placedDaysAgo: 5,
    items: [
      item("BED-SET-DBL", "Percale bedding set, double", 1, 129),
      item("PLW-CASE-2", "Pillowcases (2)", 2, 22),
    ],
  },
  {
    id: "O-5013",
    customerId: "C-1001",
    totalUsd: 59,
    status: "delivered",
    placedDaysAgo: 40,
    items: [
      item("TPT-CER-1L", "Ceramic teapot", 1, 34),
      item("TEA-SEN-100", "Sencha loose leaf, 100 g", 2, 12.5),
    ],
  },
  {
    id: "O-5014",
    customerId: "C-1002",
    totalUsd: 234,
    status: "delivered",
    placedDaysAgo: 14,
    items: [
      item("DOV-ENM-28", "Enamelled Dutch oven, 28 cm", 1, 219),
      item("TRV-OAK-1", "Oak trivet", 1, 15),
    ],
  },
  {
    id: "O-5015",
    customerId: "C-1003",
    totalUsd: 48,
    status: "shipped",
    placedDaysAgo: 3,
    items: [item("GLS-TMB-6", "Tumbler glasses (6)", 1, 48)],
  },
  {
    id: "O-5016",
    customerId: "C-1005",
    totalUsd: 398,
    status: "processing",
    placedDaysAgo: 1,
    items: [item("MXR-STAND-5", "Stand mixer, 5 l", 1, 379), item("BWL-MXR-5", "Spare mixing bowl", 1, 19)],
  },
  {
    id: "O-5017",
    customerId: "C-1006",
    totalUsd: 45,
    status: "delivered",
    placedDaysAgo: 11,
    items: [item("CND-SOY-FIG", "Soy candle, fig", 3, 15)],
  },
  {
    id: "O-5018",
    customerId: "C-1007",
    totalUsd: 56,
    status: "delivered",
    placedDaysAgo: 18,
    items: [item("BWL-SLD-OL", "Olive wood salad bowl", 1, 39), item("SRV-OL-2", "Salad servers (2)", 1, 17)],
  },
  {
    id: "O-5019",
    customerId: "C-1009",
    totalUsd: 349,
    status: "delivered",
    placedDaysAgo: 16,
    items: [item("CHR-RTN-1", "Rattan armchair", 1, 349)],
  },
  {
    id: "O-5020",
    customerId: "C-1010",
    totalUsd: 71,
    status: "shipped",
    placedDaysAgo: 3,
    items: [item("BSK-SEA-M", "Seagrass basket, medium", 3, 22), item("LBL-SET-24", "Label set (24)", 1, 5)],
  },
  // The refund workflow's orders (tickets T-1030 and T-1031): one refund under the cap, one above.
  {
    id: "O-5021",
    customerId: "C-1012",
    totalUsd: 64,
    status: "delivered",
    placedDaysAgo: 6,
    items: [
      item("GLS-TMB-4", "Tumbler glasses (4)", 1, 32),
      item("PLT-STN-2", "Stoneware plates (2)", 1, 32),
    ],
  },
  {
    id: "O-5022",
    customerId: "C-1008",
    totalUsd: 180,
    status: "delivered",
    placedDaysAgo: 9,
    items: [item("LMP-FLR-OK", "Oak floor lamp", 1, 165), item("BLB-LED-3", "LED bulbs (3)", 1, 15)],
  },
];
