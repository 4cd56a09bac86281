import { z } from "zod";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ipKeyGenerator } from "express-rate-limit";
import type { Services } from "../../services.js";
import { route } from "../route.js";
import { notFound, tooManyRequests } from "../errors.js";
import { charterPublisher } from "../../domain/publication/charterPublisher.js";
import { publicCharter } from "../../domain/publication/publicCharter.js";

const publicationBody = z.object({
  published: z.boolean({ error: "Indiquez « published » : true pour publier la charte, false pour retirer sa publication." }),
});

const limiters = new WeakMap<Services, RateLimiterMemory>();

/** One read of a public page from the caller's address (IPv6 by its /56, as express-rate-limit does); 429 when over the minute's budget. */
async function chargePublicRead(services: Services, ip: string | null): Promise<void> {
  let limiter = limiters.get(services);
  if (!limiter) limiters.set(services, (limiter = new RateLimiterMemory({ points: services.config.publicPageReadsPerMinute, duration: 60 })));
  try {
    await limiter.consume(ipKeyGenerator(ip ?? "unknown"));
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw tooManyRequests(`Trop de consultations depuis votre adresse : réessayez dans ${seconds} s.`, seconds);
  }
}

/**
 * The public page of a signed charter (issue 11): a pilot publishes it or
 * withdraws it; anyone reads it while it is published, without logging in.
 */
export const publicationRoutes = [
  route({
    method: "post", path: "/charters/:id/publication", tag: "publication", access: { charter: "charter:publish" }, body: publicationBody,
    summary: "Publish the signed charter's public page, or withdraw it (pilots): its text, hash, signatories, dates in force and the last closed campaign's synthesis, readable by anyone at `/chartes-publiques/:id`.",
    responds: "`{published, publishedAt, publicUrl}`; 409 while the charter is not signed.",
    async handle({ services, charter, auth, body, ip }) {
      const { publishedAt } = await charterPublisher(services, charter!, auth!.user, body.published, ip);
      return { body: { published: !!publishedAt, publishedAt, publicUrl: `${services.config.publicUrl}/chartes-publiques/${charter!.id}` } };
    },
  }),
  route({
    method: "get", path: "/public/charters/:id", tag: "publication", access: { public: true },
    summary: "A published signed charter (public, no login; PUBLIC_PAGE_READS_PER_MINUTE per client address, then 429): the signed version's text and hash, the signatories (organisation, signer, capacity, date), the dates in force, and the last closed campaign's synthesis (headline share and distributions). Nothing else: no email, user id, draft, comment or evidence.",
    responds: "`{charter: {id, title, departement, effectiveDate, endDate, publishedAt}, version: {number, label, hash, document}, organisations, signatories: [{organisation, signer, capacity, delegation, signedAt}], synthesis: {campaign, commitments, headline, byStatus, byAppraisal} | null}`; 404 when unknown or not published (the same answer).",
    async handle({ services, params, ip }) {
      await chargePublicRead(services, ip);
      const page = await publicCharter(services.db, params.id);
      if (!page) throw notFound("Charte publiée");
      return { body: page };
    },
  }),
];
