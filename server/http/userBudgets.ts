import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Config, UserBudget } from "../config.js";
import { tooManyRequests } from "./errors.js";

const MESSAGES: Record<UserBudget, string> = {
  differences: "Trop de comparaisons demandées en peu de temps. Patientez un instant avant de comparer de nouveau.",
  versionSaves: "Trop de versions enregistrées en peu de temps. Patientez un instant avant d'en enregistrer une autre.",
  collabTickets: "Trop de connexions à la rédaction en peu de temps. Patientez un instant, puis rechargez la page.",
  exports: "Trop de téléchargements demandés en peu de temps. Patientez un instant avant de télécharger de nouveau.",
  evidenceUploads: "Trop de pièces déposées en peu de temps. Patientez un instant avant d'en déposer une autre.",
};

/**
 * Per-user budgets of the requests that cost the server most (a difference,
 * a version save): each route that names a budget takes one point from the
 * user's, and a user over it gets 429 with `Retry-After`, whoever they are.
 */
export class UserBudgets {
  private readonly limiters: Record<UserBudget, RateLimiterMemory>;

  constructor(config: Config) {
    const limiter = ({ points, perSeconds }: { points: number; perSeconds: number }) => new RateLimiterMemory({ points, duration: perSeconds });
    const budgets = config.userBudgets;
    this.limiters = {
      differences: limiter(budgets.differences), versionSaves: limiter(budgets.versionSaves), collabTickets: limiter(budgets.collabTickets),
      exports: limiter(budgets.exports), evidenceUploads: limiter(budgets.evidenceUploads),
    };
  }

  /** Takes one point of `budget` from the user; throws 429 if none is left. */
  async charge(budget: UserBudget, userId: string): Promise<void> {
    try {
      await this.limiters[budget].consume(userId);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw tooManyRequests(MESSAGES[budget], Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
    }
  }
}
