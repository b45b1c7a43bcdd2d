/**
 * The API's contract, taken from the use cases themselves: a handler's zod input is the request
 * body and its return type the `data` of the answer. Types only — nothing from src/ is bundled.
 */
import type { InputOf, OutputOf } from '../../../src/app/handler.js';
import type { Features } from '../../../src/app/index.js';

export type Feature = keyof Features;
export type HandlerName<F extends Feature> = keyof Features[F] & string;
export type Input<F extends Feature, H extends HandlerName<F>> = InputOf<Features[F][H]>;
export type Output<F extends Feature, H extends HandlerName<F>> = OutputOf<Features[F][H]>;

export type { ImportRun } from '../../../src/domain/evidence/evidence.js';
export type { Flag, FlagReview, WeekModel } from '../../../src/domain/insight/insight-types.js';
export type { ReportData } from '../../../src/domain/insight/report-types.js';
export type {
  CheckResult,
  Commitment,
  CommitmentKind,
  IcSession,
  ImprovementAction,
  Maturity,
  Reason,
  Role,
} from '../../../src/domain/types.js';
