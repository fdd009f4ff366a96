# One image for every process of the product; docker-compose picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The browser pages the api serves: the web app's build (apps/web/dist).
COPY --from=build /app/apps/web ./apps/web
# UPLOAD_DIR (docker-compose mounts the shared uploads volume here): it must exist
# and belong to node, so a fresh named volume inherits a directory the app can write.
RUN mkdir -p /app/var/uploads && chown -R node:node /app/var
USER node
CMD ["node", "dist/apps/api/src/main.js"]
