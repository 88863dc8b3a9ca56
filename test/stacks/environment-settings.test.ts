import { Testing } from '../../lib/constructs/cdktf.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';

describe('environment settings from cdktf context', () => {
  it('uses the defaults without context', () => {
    const stack = new EncompassEnvironment(Testing.app(), ENVIRONMENTS.dev);
    expect(stack.app.tomcat.name).toBe('Tomcat');
    expect(stack.app.tomcat.host.endpoint).toBe('unix:///var/run/docker.sock');
  });

  it('takes dockerHost and namePrefix per environment', () => {
    const app = Testing.app({ context: { staging: { dockerHost: 'ssh://deploy@10.0.0.9', namePrefix: 'stg-' } } });
    const stack = new EncompassEnvironment(app, ENVIRONMENTS.staging);
    expect(stack.app.mongodb.name).toBe('stg-MongoDB');
    expect(stack.app.mongodb.host.endpoint).toBe('ssh://deploy@10.0.0.9');
  });

  it.each([
    [{ dev: 'unix:///x' }, '[dev] cdktf context "dev" must be an object, got the string "unix:///x". Pass an object with dockerHost, namePrefix'],
    [{ dev: { dockerhost: 'x' } }, '[dev] cdktf context "dev" setting "dockerhost" is not a known setting (did you mean "dockerHost"?). Remove it; known: dockerHost, namePrefix'],
    [{ dev: { namePrefix: 3 } }, '[dev] cdktf context "dev" setting "namePrefix" must be a string, got number 3. Write it in quotes: "3"'],
  ])('rejects bad context %j', (context, message) => {
    expect(() => new EncompassEnvironment(Testing.app({ context }), ENVIRONMENTS.dev)).toThrow(message);
  });
});
