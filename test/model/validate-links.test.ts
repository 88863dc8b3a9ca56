import { validateLinks } from '../../lib/model/validate-links.js';
import { host, service, topology } from '../support/specs.js';

const messages = (...args: Parameters<typeof validateLinks>) => validateLinks(...args).map((p) => `${p.path}: ${p.message}`);

describe('validateLinks', () => {
  const mongo = service({ name: 'MongoDB' });

  it('accepts a link to a service on the same host', () => {
    const tomcat = service({ name: 'Tomcat', links: [{ target: 'MongoDB', alias: 'db' }] });
    expect(messages(tomcat, topology([mongo, tomcat]))).toEqual([]);
  });

  it('rejects a link to an unknown service and lists the services of the host', () => {
    const tomcat = service({ name: 'Tomcat', links: [{ target: 'Mongo', alias: 'db' }] });
    expect(messages(tomcat, topology([mongo, tomcat]))).toEqual([
      'app/Tomcat: link Mongo:db targets an unknown service "Mongo". Services on host "h1": MongoDB, Tomcat; check the spelling or declare the service',
    ]);
  });

  it('rejects a link to a service on another host', () => {
    const remote = service({ name: 'MongoDB', host: 'h2', path: 'app/remote/MongoDB' });
    const tomcat = service({ name: 'Tomcat', links: [{ target: 'MongoDB', alias: 'db' }] });
    expect(messages(tomcat, topology([remote, tomcat], [host(), host({ name: 'h2' })]))).toEqual([
      'app/Tomcat: link MongoDB:db targets a service on another host (app/remote/MongoDB on host "h2"), but links only work on one host. ' +
        'Move one of the services to host "h1", or reach it over a multi-host network',
    ]);
  });

  it('rejects a link to the service itself', () => {
    const tomcat = service({ name: 'Tomcat', links: [{ target: 'Tomcat', alias: 'me' }] });
    expect(messages(tomcat, topology([tomcat]))).toEqual(['app/Tomcat: link Tomcat:me points at the service itself. Link to another service']);
  });

  it('rejects two aliases that produce the same variable names', () => {
    const es = service({ name: 'ElasticSearch' });
    const tomcat = service({
      name: 'Tomcat',
      links: [
        { target: 'MongoDB', alias: 'my-db' },
        { target: 'ElasticSearch', alias: 'MY_DB' },
      ],
    });
    expect(messages(tomcat, topology([mongo, es, tomcat]))).toEqual([
      'app/Tomcat: link aliases "my-db" and "MY_DB" both produce variables named MY_DB_*. Give one of the links another alias',
    ]);
  });
});
