// The parts of a core/v1 PodSpec that decide how writes merge: the lists that apps/v1 merges by
// key (containers by name, env by name, ports by containerPort, ...). They carry Kubernetes'
// OpenAPI extensions, which kubectl reads to build strategic merge patches and the server reads
// for strategic merge patch and server-side apply. Every other field is kept as given.
import { Type, type TSchema } from 'typebox';
import { keyedList } from './keyed-list.js';
import { StringMap } from './meta.js';

const open = <T extends Record<string, TSchema>>(properties: T, description: string) =>
  Type.Object(properties, { additionalProperties: true, description });

const byName = (description: string) => open({ name: Type.String() }, description);

export const EnvVar = byName('an environment variable; value or valueFrom as core/v1 has them');

export const ContainerPort = open(
  {
    containerPort: Type.Integer({ minimum: 1, maximum: 65_535 }),
    protocol: Type.Optional(Type.String({ description: 'TCP when absent' })),
  },
  'a port the container exposes',
);

export const VolumeMount = open({ mountPath: Type.String(), name: Type.String() }, 'where a volume is mounted');

export const ResourceRequirements = open(
  { limits: Type.Optional(StringMap), requests: Type.Optional(StringMap) },
  'compute resources: quantities by resource name',
);

export const Container = open(
  {
    name: Type.String({ description: 'unique among the containers of the pod' }),
    image: Type.Optional(Type.String()),
    env: keyedList(EnvVar, ['name'], 'merged by name'),
    ports: keyedList(
      ContainerPort,
      ['containerPort', 'protocol'],
      'merged by containerPort (and protocol in an apply)',
    ),
    volumeMounts: keyedList(VolumeMount, ['mountPath'], 'merged by mountPath'),
    volumeDevices: keyedList(
      open({ devicePath: Type.String() }, 'a block device'),
      ['devicePath'],
      'merged by devicePath',
    ),
    resources: Type.Optional(ResourceRequirements),
  },
  'a core/v1 Container; fields not listed here are kept as given',
);

export const PodSpec = open(
  {
    containers: keyedList(Container, ['name'], 'merged by name'),
    initContainers: keyedList(Container, ['name'], 'merged by name'),
    ephemeralContainers: keyedList(Container, ['name'], 'merged by name'),
    volumes: keyedList(
      byName('a volume; one source field besides name'),
      ['name'],
      'merged by name',
      'merge,retainKeys',
    ),
    imagePullSecrets: keyedList(byName('a Secret in the namespace'), ['name'], 'merged by name'),
    hostAliases: keyedList(open({ ip: Type.String() }, 'an /etc/hosts entry'), ['ip'], 'merged by ip'),
    topologySpreadConstraints: keyedList(
      open({ topologyKey: Type.String(), whenUnsatisfiable: Type.String() }, 'how pods spread over a topology'),
      ['topologyKey', 'whenUnsatisfiable'],
      'merged by topologyKey (and whenUnsatisfiable in an apply)',
    ),
    schedulingGates: keyedList(byName('a gate that holds the pod back from scheduling'), ['name'], 'merged by name'),
    resourceClaims: keyedList(byName('a claim of a resource'), ['name'], 'merged by name', 'merge,retainKeys'),
    nodeSelector: Type.Optional(StringMap),
  },
  'a core/v1 PodSpec; fields not listed here are kept as given',
);
