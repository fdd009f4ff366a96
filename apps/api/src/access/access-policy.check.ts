import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_POLICY } from './access.decorators';

/** Lists routes that declare neither roles nor @Public(), e.g. `GET /users/:id (UsersController.get)`. */
export function findUndeclaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner): string[] {
  const undeclared: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const classPolicy: unknown = Reflect.getMetadata(ACCESS_POLICY, wrapper.metatype as object);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, object>)[name];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      if (classPolicy || Reflect.getMetadata(ACCESS_POLICY, handler)) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      undeclared.push(`${method} ${String(Reflect.getMetadata(PATH_METADATA, handler))} (${wrapper.name}.${name})`);
    }
  }
  return undeclared;
}

/** Refuses to boot when a route forgot to say who may call it. */
@Injectable()
export class AccessPolicyCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = findUndeclaredRoutes(this.discovery, this.scanner);
    if (undeclared.length > 0) {
      throw new Error(`Every route must declare its roles (@Roles/@AnyRole/@Public). Missing on:\n  ${undeclared.join('\n  ')}`);
    }
  }
}
