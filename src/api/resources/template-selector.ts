// The rule every kind with a pod selector and a pod template shares with Deployments: a valid,
// non-empty selector that matches the template's labels (else the downstream controller could
// never own its pods).
import {
  type LabelSelectorObject,
  matches,
  selectorRequirements,
  validateSelectorObject,
} from '../../lib/label-selector.js';
import { type Cause, invalid, validateAnnotations, validateLabels } from '../../lib/validation.js';

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export function validateTemplateSelector(
  base: string,
  selector: LabelSelectorObject | undefined,
  template: Template | undefined,
  kind: string,
): Cause[] {
  const labels = template?.metadata?.labels;
  const causes = [
    ...validateSelectorObject(`${base}.selector`, selector),
    ...validateLabels(`${base}.template.metadata.labels`, labels),
    ...validateAnnotations(`${base}.template.metadata.annotations`, template?.metadata?.annotations),
  ];
  if (causes.length > 0 || selector === undefined) return causes;
  const requirements = selectorRequirements(selector);
  if (requirements.length === 0) {
    return [invalid(`${base}.selector`, selector, `empty selector is invalid for ${kind}`)];
  }
  if (!matches(requirements, labels)) {
    return [invalid(`${base}.template.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`')];
  }
  return [];
}
