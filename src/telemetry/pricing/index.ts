export { computeCost } from './compute-cost.js';
export type { TablePrices } from './convert-to-price-schedule.js';
export { convertToModelPrices, convertToPriceSchedule } from './convert-to-price-schedule.js';
export type { ModelPrices, PerMillion, PriceConstraint, PriceSchedule, PriceTier } from './model-prices.js';
export { pricesAt } from './model-prices.js';
export type { PriceTable, PriceTableOptions, WarningLogger } from './price-table.js';
export { priceTable } from './price-table.js';
