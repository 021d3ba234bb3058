// What the server checks of the core kinds beyond their schemas (apimachinery's validation of
// the same fields). A Secret's values are never quoted in a cause: errors may be logged and are
// shown to whoever sent the request, and a Secret's data must reach neither.
import { validateSelectorObject } from '../../lib/label-selector.js';
import { type Cause, invalid, validateLabels, validateSubdomainName } from '../../lib/validation.js';
import type { KubeObject } from '../../schemas/meta.js';

type Map = Record<string, string> | undefined;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

const cause = (reason: string, field: string, message: string): Cause => ({ reason, field, message });

function keyCauses(field: string, map: Map): Cause[] {
  const valid = (key: string) => key.length <= 253 && CONFIG_KEY.test(key) && key !== '.' && key !== '..';
  return Object.keys(map ?? {})
    .filter((key) => !valid(key))
    .map((key) => invalid(field, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
}

/** Values that must be base64: the cause names the key only, never the value. */
function base64Causes(field: string, map: Map): Cause[] {
  return Object.entries(map ?? {})
    .filter(([, value]) => !BASE64.test(value))
    .map(([key]) => cause('FieldValueInvalid', `${field}[${key}]`, 'Invalid value: must be base64-encoded'));
}

function duplicateKeys(field: string, first: Map, second: Map): Cause[] {
  return Object.keys(first ?? {})
    .filter((key) => second && key in second)
    .map((key) => cause('FieldValueDuplicate', `${field}[${key}]`, 'Duplicate value: the key is in data too'));
}

function validateConfigMap(object: KubeObject): Cause[] {
  const data = object.data as Map;
  const binary = object.binaryData as Map;
  return [
    ...keyCauses('data', data),
    ...keyCauses('binaryData', binary),
    ...base64Causes('binaryData', binary),
    ...duplicateKeys('binaryData', binary, data),
  ];
}

function validateSecret(object: KubeObject): Cause[] {
  const data = object.data as Map;
  const plain = object.stringData as Map;
  return [...keyCauses('data', data), ...keyCauses('stringData', plain), ...base64Causes('data', data)];
}

function validateService(object: KubeObject): Cause[] {
  const spec = (object.spec ?? {}) as { type?: string; selector?: Map; ports?: { name?: string }[] };
  const causes = validateLabels('spec.selector', spec.selector);
  if (spec.type !== undefined && !SERVICE_TYPES.includes(spec.type)) {
    const supported = SERVICE_TYPES.map((t) => `"${t}"`).join(', ');
    causes.push(
      cause(
        'FieldValueNotSupported',
        'spec.type',
        `Unsupported value: ${JSON.stringify(spec.type)}: supported values: ${supported}`,
      ),
    );
  }
  const ports = spec.ports ?? [];
  if (ports.length > 1) {
    ports.forEach((port, i) => {
      if (!port.name) causes.push(cause('FieldValueRequired', `spec.ports[${i}].name`, 'Required value'));
    });
  }
  return causes;
}

function validateServiceAccount(object: KubeObject): Cause[] {
  const refs = (field: string) =>
    ((object[field] ?? []) as { name: string }[]).flatMap((ref, i) =>
      validateSubdomainName(`${field}[${i}].name`, ref.name),
    );
  return [...refs('secrets'), ...refs('imagePullSecrets')];
}

function validatePersistentVolumeClaim(object: KubeObject): Cause[] {
  const spec = (object.spec ?? {}) as { selector?: Parameters<typeof validateSelectorObject>[1] };
  return validateSelectorObject('spec.selector', spec.selector);
}

export const CORE_RULES: Record<string, (object: KubeObject) => Cause[]> = {
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  Service: validateService,
  ServiceAccount: validateServiceAccount,
  PersistentVolumeClaim: validatePersistentVolumeClaim,
};
