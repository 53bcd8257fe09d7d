import type { TurnContext } from 'botbuilder';
import type { InsightStep } from '../../insights/insightRecorder';
import { translatorFor, type DialogServices } from './dialogServices';

/** Records one step for the dashboard with the turn's language and the case's account kind. */
export async function recordStep(
  services: DialogServices,
  context: TurnContext,
  step: Omit<InsightStep, 'language' | 'accountKind'>,
): Promise<void> {
  const { accountKind } = await services.cases.get(context);
  services.insights.record(context, {
    ...step,
    language: translatorFor(services, context).language,
    accountKind,
  });
}
