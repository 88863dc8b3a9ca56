/**
 * The one module that imports cdktf, constructs and the Docker provider bindings.
 * Everything else imports from here, so moving to CDK Terrain (`cdktn`, the
 * community continuation of the archived cdktf) is a change to this file only.
 */
export {
  anyToHclTerraform,
  anyToTerraform,
  App,
  DataResource,
  dependable,
  Fn,
  hashMapper,
  hashMapperHcl,
  Lazy,
  LocalBackend,
  TerraformIterator,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  Tokenization,
} from 'cdktf';
export type {
  IResolvable,
  ITerraformDependable,
  LocalExecProvisioner,
  RemoteExecProvisioner,
  SSHProvisionerConnection,
  TerraformMetaArguments,
} from 'cdktf';
export { Construct } from 'constructs';
export type { IConstruct } from 'constructs';
export { DockerProvider } from '@cdktf/provider-docker/lib/provider/index.js';
export { Container } from '@cdktf/provider-docker/lib/container/index.js';
export { Image } from '@cdktf/provider-docker/lib/image/index.js';
export { Network } from '@cdktf/provider-docker/lib/network/index.js';
