import { JwtAuthModule } from '../jwt-auth.module';

describe('resourceMetadata, wiring', () => {
  it('registers no controller when it is not set', () => {
    expect(JwtAuthModule.forRoot({ secret: 's'.repeat(64) }).controllers).toEqual([]);
  });

  it('registers the metadata controller when it is set, for forRootAsync too, beside the JWKS route', () => {
    const module = JwtAuthModule.forRootAsync({
      jwksRoute: '/.well-known/jwks.json',
      resourceMetadata: { resource: 'https://api.example.com' },
      useFactory: () => ({ secret: 's'.repeat(64) }),
    });
    expect(module.controllers?.map((controller) => (controller as { name: string }).name)).toEqual([
      'JwksController',
      'ProtectedResourceMetadataController',
    ]);
  });

  it('refuses a bad resource when the module is built, before anything starts', () => {
    expect(() =>
      JwtAuthModule.forRoot({
        secret: 's'.repeat(64),
        resourceMetadata: { resource: 'http://api.example.com' },
      }),
    ).toThrow('"resourceMetadata.resource" must be the API\'s https URL');
  });
});
