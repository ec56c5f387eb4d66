#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A minimal CRI client: what the runtimes suite needs of a container
runtime's CRI endpoint (runtime.v1.RuntimeService, the gRPC API that kubelet
uses), where no crictl is packaged.

Python 3's standard library and the grpc module (Debian's python3-grpcio)
only: the protobuf messages are encoded and decoded here, by a small proto3
wire codec and a schema table that holds the subset of the CRI's api.proto
(kubernetes/cri-api, package runtime.v1) that this client sends or reads.

    cri.py --socket PATH [--timeout SECS] COMMAND ARGS...

    version                      "RUNTIME_NAME RUNTIME_VERSION RUNTIME_API_VERSION"
    run-pod POD.json             RunPodSandbox; prints the pod sandbox id
    stop-pod POD_ID              StopPodSandbox
    remove-pod POD_ID            RemovePodSandbox
    create POD_ID CONTAINER.json POD.json
                                 CreateContainer; prints the container id
    start ID                     StartContainer
    stop ID TIMEOUT_SECS         StopContainer: the image's STOPSIGNAL, then
                                 KILL after TIMEOUT_SECS
    remove ID                    RemoveContainer
    status ID                    ContainerStatus as one line of JSON: state,
                                 exit_code, created_at, started_at,
                                 finished_at (ns), reason, message, log_path
    exec ID TIMEOUT_SECS -- CMD ARG...
                                 ExecSync: the command's stdout and stderr to
                                 ours; exits with its exit code

POD.json is a PodSandboxConfig, CONTAINER.json a ContainerConfig, in
api.proto's field names: nested messages as objects, repeated fields as
arrays, maps as objects of strings, enums by name ("NODE", "CONTAINER").
A field this schema does not know is an error, not ignored.

--timeout (default 30 s) bounds every call; stop and exec add their own
TIMEOUT_SECS to it.  Exit status: 0; 1 on a gRPC error, told as one line
"cri: METHOD: STATUS_CODE: details"; 2 on bad usage or a bad JSON file.
"""

import json
import os
import sys

import grpc

# ------------------------------------------------------------------ schema

# Each message: one field a line, "NUMBER NAME [repeated] TYPE".  TYPE is a
# scalar (string bytes bool int32 int64 uint32 uint64), "map" (the CRI's maps
# are all map<string, string>), an enum of ENUMS or a message of MESSAGES.
# Only fields that containerd 1.6 (CRI v1) knows: a field it does not know
# would be dropped by it without a word.
MESSAGES = {
    'VersionRequest': '1 version string',
    'VersionResponse': '''
        1 version string
        2 runtime_name string
        3 runtime_version string
        4 runtime_api_version string''',
    'PodSandboxMetadata': '''
        1 name string
        2 uid string
        3 namespace string
        4 attempt uint32''',
    'DNSConfig': '''
        1 servers repeated string
        2 searches repeated string
        3 options repeated string''',
    'PortMapping': '''
        1 protocol Protocol
        2 container_port int32
        3 host_port int32
        4 host_ip string''',
    'NamespaceOption': '''
        1 network NamespaceMode
        2 pid NamespaceMode
        3 ipc NamespaceMode
        4 target_id string''',
    'Int64Value': '1 value int64',
    'SecurityProfile': '''
        1 profile_type ProfileType
        2 localhost_ref string''',
    'LinuxSandboxSecurityContext': '''
        1 namespace_options NamespaceOption
        3 run_as_user Int64Value
        4 readonly_rootfs bool
        5 supplemental_groups repeated int64
        6 privileged bool
        8 run_as_group Int64Value
        9 seccomp SecurityProfile
        10 apparmor SecurityProfile''',
    'LinuxPodSandboxConfig': '''
        1 cgroup_parent string
        2 security_context LinuxSandboxSecurityContext
        3 sysctls map''',
    'PodSandboxConfig': '''
        1 metadata PodSandboxMetadata
        2 hostname string
        3 log_directory string
        4 dns_config DNSConfig
        5 port_mappings repeated PortMapping
        6 labels map
        7 annotations map
        8 linux LinuxPodSandboxConfig''',
    'RunPodSandboxRequest': '''
        1 config PodSandboxConfig
        2 runtime_handler string''',
    'RunPodSandboxResponse': '1 pod_sandbox_id string',
    'StopPodSandboxRequest': '1 pod_sandbox_id string',
    'StopPodSandboxResponse': '',
    'RemovePodSandboxRequest': '1 pod_sandbox_id string',
    'RemovePodSandboxResponse': '',
    'ImageSpec': '''
        1 image string
        2 annotations map''',
    'KeyValue': '''
        1 key string
        2 value string''',
    'Mount': '''
        1 container_path string
        2 host_path string
        3 readonly bool
        4 selinux_relabel bool
        5 propagation MountPropagation''',
    'LinuxContainerResources': '''
        1 cpu_period int64
        2 cpu_quota int64
        3 cpu_shares int64
        4 memory_limit_in_bytes int64
        5 oom_score_adj int64
        6 cpuset_cpus string
        7 cpuset_mems string''',
    'Capability': '''
        1 add_capabilities repeated string
        2 drop_capabilities repeated string''',
    'LinuxContainerSecurityContext': '''
        1 capabilities Capability
        2 privileged bool
        3 namespace_options NamespaceOption
        5 run_as_user Int64Value
        6 run_as_username string
        7 readonly_rootfs bool
        8 supplemental_groups repeated int64
        11 no_new_privs bool
        12 run_as_group Int64Value
        13 masked_paths repeated string
        14 readonly_paths repeated string
        15 seccomp SecurityProfile
        16 apparmor SecurityProfile''',
    'LinuxContainerConfig': '''
        1 resources LinuxContainerResources
        2 security_context LinuxContainerSecurityContext''',
    'ContainerMetadata': '''
        1 name string
        2 attempt uint32''',
    'ContainerConfig': '''
        1 metadata ContainerMetadata
        2 image ImageSpec
        3 command repeated string
        4 args repeated string
        5 working_dir string
        6 envs repeated KeyValue
        7 mounts repeated Mount
        9 labels map
        10 annotations map
        11 log_path string
        12 stdin bool
        13 stdin_once bool
        14 tty bool
        15 linux LinuxContainerConfig''',
    'CreateContainerRequest': '''
        1 pod_sandbox_id string
        2 config ContainerConfig
        3 sandbox_config PodSandboxConfig''',
    'CreateContainerResponse': '1 container_id string',
    'StartContainerRequest': '1 container_id string',
    'StartContainerResponse': '',
    'StopContainerRequest': '''
        1 container_id string
        2 timeout int64''',
    'StopContainerResponse': '',
    'RemoveContainerRequest': '1 container_id string',
    'RemoveContainerResponse': '',
    'ContainerStatusRequest': '''
        1 container_id string
        2 verbose bool''',
    'ContainerStatus': '''
        1 id string
        2 metadata ContainerMetadata
        3 state ContainerState
        4 created_at int64
        5 started_at int64
        6 finished_at int64
        7 exit_code int32
        8 image ImageSpec
        9 image_ref string
        10 reason string
        11 message string
        12 labels map
        13 annotations map
        14 mounts repeated Mount
        15 log_path string''',
    'ContainerStatusResponse': '''
        1 status ContainerStatus
        2 info map''',
    'ExecSyncRequest': '''
        1 container_id string
        2 cmd repeated string
        3 timeout int64''',
    'ExecSyncResponse': '''
        1 stdout bytes
        2 stderr bytes
        3 exit_code int32''',
}

# Each enum: its names in the order of their numbers, from 0.
ENUMS = {
    'NamespaceMode': ['POD', 'CONTAINER', 'NODE', 'TARGET'],
    'Protocol': ['TCP', 'UDP', 'SCTP'],
    'MountPropagation': ['PROPAGATION_PRIVATE', 'PROPAGATION_HOST_TO_CONTAINER',
                         'PROPAGATION_BIDIRECTIONAL'],
    'ProfileType': ['RuntimeDefault', 'Unconfined', 'Localhost'],
    'ContainerState': ['CONTAINER_CREATED', 'CONTAINER_RUNNING',
                       'CONTAINER_EXITED', 'CONTAINER_UNKNOWN'],
}

INTS = {'int32': (-2**31, 2**31 - 1), 'int64': (-2**63, 2**63 - 1),
        'uint32': (0, 2**32 - 1), 'uint64': (0, 2**64 - 1)}
VARINT_TYPES = set(INTS) | {'bool'} | set(ENUMS)


class Field:
    def __init__(self, line):
        words = line.split()
        self.number, self.name, self.type = int(words[0]), words[1], words[-1]
        self.repeated = len(words) == 4 and words[2] == 'repeated'
        if len(words) != (4 if self.repeated else 3):
            raise ValueError('bad schema line: ' + line)
        if (self.type not in VARINT_TYPES and self.type not in MESSAGES and
                self.type not in ('string', 'bytes', 'map')):
            raise ValueError('unknown type in schema line: ' + line)


SCHEMA = {name: [Field(line) for line in text.strip().splitlines()]
          for name, text in MESSAGES.items()}


class BadInput(Exception):
    """A value that does not fit the schema: the message names where."""


# ------------------------------------------------------------ wire format

VARINT, I64, LEN, I32 = 0, 1, 2, 5


def varint(n):
    n &= 2**64 - 1      # negative ints go out as 10-byte two's complement
    out = bytearray()
    while True:
        byte = n & 0x7f
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(number, wire):
    return varint(number << 3 | wire)


def length_delimited(number, data):
    return key(number, LEN) + varint(len(data)) + data


def encode(message, obj, where=''):
    """obj (a dict of JSON values) as the wire bytes of message; BadInput
    names the first value that does not fit."""
    if not isinstance(obj, dict):
        raise BadInput('%s: must be an object (%s)' % (where or '.', message))
    fields = {f.name: f for f in SCHEMA[message]}
    for name in obj:
        if name not in fields:
            raise BadInput('%s: unknown field of %s (known: %s)' % (
                where + name, message, ', '.join(sorted(fields)) or 'none'))
    out = bytearray()
    for f in SCHEMA[message]:
        if f.name not in obj or obj[f.name] is None:
            continue
        value, path = obj[f.name], where + f.name
        if f.type == 'map':
            if not isinstance(value, dict):
                raise BadInput('%s: must be an object of strings' % path)
            for k, v in sorted(value.items()):
                if not isinstance(v, str):
                    raise BadInput('%s.%s: must be a string' % (path, k))
                entry = (length_delimited(1, k.encode()) +
                         length_delimited(2, v.encode()))
                out += length_delimited(f.number, entry)
        elif f.repeated:
            if not isinstance(value, list):
                raise BadInput('%s: must be an array' % path)
            items = [encode_value(f, v, '%s[%d]' % (path, i))
                     for i, v in enumerate(value)]
            if f.type in VARINT_TYPES:      # proto3 packs repeated numbers
                if items:
                    out += length_delimited(f.number, b''.join(items))
            else:
                for item in items:
                    out += length_delimited(f.number, item)
        else:
            item = encode_value(f, value, path)
            if f.type in MESSAGES:
                out += length_delimited(f.number, item)
            elif f.type in VARINT_TYPES:
                if item != b'\0':   # proto3 leaves out default values
                    out += key(f.number, VARINT) + item
            elif item:
                out += length_delimited(f.number, item)
    return bytes(out)


def encode_value(f, value, path):
    """One value of field f: a varint's bytes, or the payload of a
    length-delimited field (without its key and length)."""
    t = f.type
    if t in MESSAGES:
        return encode(t, value, path + '.')
    if t == 'string' or t == 'bytes':
        if not isinstance(value, str):
            raise BadInput('%s: must be a string' % path)
        return value.encode()
    if t == 'bool':
        if not isinstance(value, bool):
            raise BadInput('%s: must be true or false' % path)
        return varint(int(value))
    if t in ENUMS:
        if value not in ENUMS[t]:
            raise BadInput('%s: must be one of %s' % (path, ', '.join(ENUMS[t])))
        return varint(ENUMS[t].index(value))
    low, high = INTS[t]
    # bool is an int to Python; true for a number is a typo all the same
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadInput('%s: must be an integer' % path)
    if not low <= value <= high:
        raise BadInput('%s: out of range for %s' % (path, t))
    return varint(value)


def read_varint(data, i):
    n = shift = 0
    while True:
        if i >= len(data):
            raise ValueError('truncated varint')
        byte = data[i]
        i += 1
        n |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            return n, i


def fields_of(data):
    """(number, wire type, value) of each field in data: an int for a
    varint, bytes for the rest."""
    i = 0
    while i < len(data):
        k, i = read_varint(data, i)
        number, wire = k >> 3, k & 7
        if wire == VARINT:
            value, i = read_varint(data, i)
        elif wire == LEN:
            n, i = read_varint(data, i)
            value, i = data[i:i + n], i + n
        elif wire in (I64, I32):
            n = 8 if wire == I64 else 4
            value, i = data[i:i + n], i + n
        else:
            raise ValueError('wire type %d (groups) not supported' % wire)
        if i > len(data):
            raise ValueError('truncated field %d' % number)
        yield number, wire, value


def scalar(t, n):
    if t == 'bool':
        return n != 0
    if t in ENUMS:
        return ENUMS[t][n] if n < len(ENUMS[t]) else n
    if t.startswith('int') and n >= 2**63:
        n -= 2**64
    return n & (2**32 - 1) if t == 'uint32' else n


def decode(message, data):
    """The wire bytes of message as a dict: every field of the schema, with
    proto3's default where absent (None for a message); fields the schema
    does not know (newer runtimes) are skipped."""
    by_number = {f.number: f for f in SCHEMA[message]}
    out = {}
    for f in SCHEMA[message]:
        if f.type == 'map':
            out[f.name] = {}
        elif f.repeated:
            out[f.name] = []
        elif f.type in MESSAGES:
            out[f.name] = None
        else:
            out[f.name] = decode_value(f.type, 0 if f.type in VARINT_TYPES else b'')
    for number, wire, value in fields_of(data):
        f = by_number.get(number)
        if f is None:
            continue
        if f.type == 'map':
            entry = {n: v for n, _, v in fields_of(value)}
            out[f.name][entry.get(1, b'').decode()] = entry.get(2, b'').decode()
        elif f.repeated:
            if f.type in VARINT_TYPES and wire == LEN:     # packed
                i = 0
                while i < len(value):
                    n, i = read_varint(value, i)
                    out[f.name].append(scalar(f.type, n))
            else:
                out[f.name].append(decode_value(f.type, value))
        else:
            out[f.name] = decode_value(f.type, value)
    return out


def decode_value(t, value):
    if t in MESSAGES:
        return decode(t, value)
    if t == 'string':
        return value.decode()
    if t == 'bytes':
        return bytes(value)
    return scalar(t, value)


# ------------------------------------------------------------------ calls

USAGE = {
    'version': 'version',
    'run-pod': 'run-pod POD.json',
    'stop-pod': 'stop-pod POD_ID',
    'remove-pod': 'remove-pod POD_ID',
    'create': 'create POD_ID CONTAINER.json POD.json',
    'start': 'start ID',
    'stop': 'stop ID TIMEOUT_SECS',
    'remove': 'remove ID',
    'status': 'status ID',
    'exec': 'exec ID TIMEOUT_SECS -- CMD ARG...',
}


def usage(message):
    sys.stderr.write('cri: %s\n' % message)
    sys.exit(2)


def load(path, message):
    """A JSON file that fits message, as its JSON value: exits 2 if not."""
    try:
        with open(path) as f:
            obj = json.load(f)
        encode(message, obj)
        return obj
    except (OSError, ValueError, BadInput) as e:
        usage('%s: %s' % (path, e))


class Client:
    def __init__(self, socket, timeout):
        # grpc reads "unix://" + a relative path as an authority, not a path
        self.channel = grpc.insecure_channel(
            'unix://' + os.path.abspath(socket),
            options=[('grpc.max_receive_message_length', 16 << 20)])
        self.timeout = timeout

    def call(self, method, request, extra_time=0):
        """RuntimeService's method with request (a dict of JSON values);
        the response as a dict.  A gRPC error ends the program with 1."""
        rpc = self.channel.unary_unary(
            '/runtime.v1.RuntimeService/' + method,
            request_serializer=lambda obj: encode(method + 'Request', obj),
            response_deserializer=lambda b: decode(method + 'Response', b))
        try:
            return rpc(request, timeout=self.timeout + extra_time)
        except grpc.RpcError as e:
            details = ' '.join(str(e.details() or '').split())
            sys.stderr.write('cri: %s: %s: %s\n' % (method, e.code().name, details))
            sys.exit(1)


def seconds(word, what):
    try:
        n = int(word)
    except ValueError:
        n = -1
    if n < 0:
        usage('%s must be a whole number of seconds: %r' % (what, word))
    return n


def main(argv):
    socket, timeout = None, 30.0
    while argv and argv[0].startswith('--'):
        opt = argv.pop(0)
        if opt == '--':
            break
        name, eq, value = opt.partition('=')
        if not eq:
            if not argv:
                usage('%s needs a value' % opt)
            value = argv.pop(0)
        if name == '--socket':
            socket = value
        elif name == '--timeout':
            try:
                timeout = float(value)
            except ValueError:
                timeout = 0
            if not 0 < timeout < 1e9:      # neither nan nor inf
                usage('--timeout must be a positive number of seconds: %r' % value)
        else:
            usage('unknown option %s' % name)
    if not socket:
        usage('usage: cri.py --socket PATH [--timeout SECS] COMMAND ARGS...')
    if not argv or argv[0] not in USAGE:
        usage('%s; one of: %s' % ('unknown command %r' % argv[0] if argv
                                  else 'no command', ', '.join(USAGE)))
    command, args = argv[0], argv[1:]
    if command == 'exec':
        fits = len(args) >= 4 and args[2] == '--'
    else:
        fits = len(args) == len(USAGE[command].split()) - 1
    if not fits:
        usage('usage: cri.py --socket PATH [--timeout SECS] ' + USAGE[command])

    # The JSON files first: a typo fails before anything is asked of the runtime.
    if command == 'run-pod':
        pod = load(args[0], 'PodSandboxConfig')
    elif command == 'create':
        container = load(args[1], 'ContainerConfig')
        pod = load(args[2], 'PodSandboxConfig')

    cri = Client(socket, timeout)
    if command == 'version':
        r = cri.call('Version', {'version': 'v1'})
        print(r['runtime_name'], r['runtime_version'], r['runtime_api_version'])
    elif command == 'run-pod':
        r = cri.call('RunPodSandbox', {'config': pod})
        print(r['pod_sandbox_id'])
    elif command == 'stop-pod':
        cri.call('StopPodSandbox', {'pod_sandbox_id': args[0]})
    elif command == 'remove-pod':
        cri.call('RemovePodSandbox', {'pod_sandbox_id': args[0]})
    elif command == 'create':
        r = cri.call('CreateContainer', {'pod_sandbox_id': args[0],
                                         'config': container,
                                         'sandbox_config': pod})
        print(r['container_id'])
    elif command == 'start':
        cri.call('StartContainer', {'container_id': args[0]})
    elif command == 'stop':
        grace = seconds(args[1], 'TIMEOUT_SECS')
        cri.call('StopContainer', {'container_id': args[0], 'timeout': grace},
                 extra_time=grace)
    elif command == 'remove':
        cri.call('RemoveContainer', {'container_id': args[0]})
    elif command == 'status':
        s = cri.call('ContainerStatus', {'container_id': args[0]})['status'] or {}
        keys = ('state', 'exit_code', 'created_at', 'started_at', 'finished_at',
                'reason', 'message', 'log_path')
        print(json.dumps({k: s.get(k) for k in keys}))
    elif command == 'exec':
        limit = seconds(args[1], 'TIMEOUT_SECS')
        r = cri.call('ExecSync', {'container_id': args[0], 'cmd': args[3:],
                                  'timeout': limit}, extra_time=limit)
        sys.stdout.buffer.write(r['stdout'])
        sys.stdout.buffer.flush()
        sys.stderr.buffer.write(r['stderr'])
        sys.stderr.buffer.flush()
        return r['exit_code'] if 0 <= r['exit_code'] <= 255 else 255
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
