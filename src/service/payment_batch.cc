// ScreenPaymentFiles: many payment files (or stdin) screened on all cores, in input order.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>

#include "service/payment_service.h"

namespace tamis {
namespace {

Result<std::string> ReadInput(const std::string& path, int64_t max_bytes) {
  std::string data;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    if (std::cin.bad()) return IoError("cannot read stdin");
    data = std::move(ss).str();
  } else {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) return NotFound("cannot open " + path + ": " + ec.message());
    if (static_cast<int64_t>(size) > max_bytes)
      return ResourceExhausted(path + ": " + std::to_string(size) + " bytes exceeds the limit of " +
                               std::to_string(max_bytes));
    std::ifstream f(path, std::ios::binary);
    if (!f) return NotFound("cannot open " + path);
    data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (f.bad()) return IoError("cannot read " + path);
  }
  return data;
}

struct Pending {
  std::string file;
  payments::Payment payment;
};

}  // namespace

Result<PaymentBatchSummary> ScreenPaymentFiles(PaymentScreener& screener, const std::vector<std::string>& inputs,
                                               std::ostream& out, std::ostream& errors,
                                               const PaymentBatchOptions& opts, const PaymentProgressFn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  PaymentBatchSummary sum;
  std::vector<Pending> pending;
  std::vector<PaymentScreener::Input> in;

  // A chunk: searched on all threads, its alerts written in one transaction, its lines in order.
  auto flush = [&]() -> Status {
    if (pending.empty()) return Status::Ok();
    in.clear();
    for (const Pending& p : pending) in.push_back({&p.payment, p.file});
    TAMIS_ASSIGN_OR_RETURN(std::vector<PaymentScreenResult> results, screener.ScreenMany(in, threads));
    for (const PaymentScreenResult& r : results) {
      sum.held += r.hold;
      ++sum.payments;
      out << PaymentResultJson(r) << '\n';
    }
    if (!out) return IoError("cannot write the screening output");
    pending.clear();
    if (progress) progress("screen", sum.payments, -1);
    return Status::Ok();
  };

  for (const std::string& path : inputs) {
    ++sum.files;
    const std::string name = path == "-" ? "stdin" : path;
    Status failed;
    auto bytes = ReadInput(path, screener.options().parse.max_bytes);
    if (!bytes.ok()) {
      failed = bytes.status();
    } else {
      auto parsed = ParsePaymentBatch(*bytes, name, screener.options().parse);
      if (parsed.ok()) {
        sum.messages += parsed->messages;
        for (const PaymentError& e : parsed->errors) {
          ++sum.errors;
          errors << PaymentErrorJson(e) << '\n';
        }
        for (auto& p : parsed->payments) {
          pending.push_back({name, std::move(p)});
          if (pending.size() >= opts.chunk_payments) TAMIS_RETURN_IF_ERROR(flush());
        }
        continue;
      }
      failed = parsed.status();
    }
    if (failed.code() == StatusCode::kIoError && path == "-") return failed;
    ++sum.errors;
    ++sum.messages;
    errors << PaymentErrorJson({name, 0, failed}) << '\n';
  }
  TAMIS_RETURN_IF_ERROR(flush());
  if (!errors) return IoError("cannot write the errors stream");
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace tamis
